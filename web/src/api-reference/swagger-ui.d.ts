// api-reference/swagger-ui.d.ts - the little of Swagger UI's API the reference page uses
// (swagger-ui-dist ships no types; its ES bundle has React and every dependency inside).
declare module 'swagger-ui-dist/swagger-ui-es-bundle.js' {
  /** A Swagger UI plugin: called with the system, answers what it adds or wraps. */
  export type SwaggerPlugin = (system: any) => {
    wrapComponents?: Record<string, (Original: any, system: any) => (props: any) => unknown>;
    components?: Record<string, unknown>;
  };
  export interface SwaggerConfig {
    domNode: Element;
    url?: string;
    spec?: object;
    deepLinking?: boolean;
    docExpansion?: 'list' | 'full' | 'none';
    defaultModelsExpandDepth?: number;
    displayOperationId?: boolean;
    filter?: boolean | string;
    showExtensions?: boolean;
    showCommonExtensions?: boolean;
    supportedSubmitMethods?: string[];
    tryItOutEnabled?: boolean;
    validatorUrl?: string | null;
    withCredentials?: boolean;
    plugins?: SwaggerPlugin[];
    onComplete?: () => void;
  }
  const SwaggerUI: (config: SwaggerConfig) => unknown;
  export default SwaggerUI;
}
