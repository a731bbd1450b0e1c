export interface ExampleContext {
  /** A scratch MARKETBRIDGE_HOME for this run. */
  home: string;
  log(message: string): void;
}

export interface Example {
  name: string;
  description: string;
  /** Resolves with a one-line result; throws when the example fails. */
  run(ctx: ExampleContext): Promise<string>;
}
