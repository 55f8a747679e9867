// Entry for `node --import @mellea/instrumentation-flows/register`: set-up lands with the set-up issue.
export {};
