"""Modal dialogs: help, the link picker, the note editor and the notes and bookmarks lists."""
