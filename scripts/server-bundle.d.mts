// Types for server-bundle.mjs (plain JavaScript so that Node runs it without tsx).
export declare const SERVER_BUNDLE: string;
export declare const SERVER_LAUNCHER: string;
