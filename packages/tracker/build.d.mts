export declare const ENTRY: string;
export declare const OUTFILE: string;
export declare function buildTracker(options?: { write?: boolean }): Promise<string>;
