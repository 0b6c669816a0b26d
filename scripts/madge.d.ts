/** The part of madge's API that scripts/check-cycles.ts uses (madge ships no types). */
declare module 'madge' {
  interface MadgeResult {
    /** Each file and the files it imports, relative to the common root of the paths given. */
    obj(): Record<string, string[]>;
    circular(): string[][];
  }
  interface MadgeConfig {
    baseDir?: string;
    fileExtensions?: string[];
    tsConfig?: string;
    excludeRegExp?: RegExp[];
  }
  export default function madge(paths: string | string[], config?: MadgeConfig): Promise<MadgeResult>;
}
