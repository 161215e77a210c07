/*
 * words - a line of configuration split into words: a command's argv
 * (reinject_command), a list of names ([policy]).
 *
 * words_split() cuts s at every run of the bytes in seps (" \t", or
 * " \t," for lists that allow commas) and returns the words, allocated,
 * in a NULL-terminated array (no word: an array holding only NULL).  No
 * quoting and no escapes: a value that needs them is not a list of words.
 * words_free() frees the array and its words; NULL is allowed.
 */
#ifndef ATTSCAN_UTIL_WORDS_H
#define ATTSCAN_UTIL_WORDS_H

char	**words_split(const char *s, const char *seps);
void	  words_free(char **);

#endif
