// Declarations for compilers.cjs, which scripts/admin-compilers.ts generates.
interface Validate {
  (data: unknown): boolean;
  errors?: unknown;
}
declare const generated: {
  readonly validators: Readonly<Record<string, () => Validate>>;
  readonly serializers: Readonly<Record<string, () => (data: unknown) => string>>;
};
export = generated;
