/** The CLI contract: 0 ok, 1 test failures or findings, 2 usage or input error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
