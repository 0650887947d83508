/** 60 cells a page: a few screens of a large grid, well under the backend's maximum. */
export const PAGE_SIZE = 60;
