/** Search timing shared by the combobox and the search benchmark. */
export const SEARCH_DEBOUNCE_MS = 250;
export const MIN_SEARCH_LENGTH = 2;
