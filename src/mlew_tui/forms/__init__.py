"""The add/edit forms: modal dialogs and inline forms that collect a draft and post it up."""
