"""Screens: the start screen, the loading screen and the thread screen."""
