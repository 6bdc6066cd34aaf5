"""Small helpers with no home of their own: parallel work, the garbage collector's pace, 'did you mean'."""
