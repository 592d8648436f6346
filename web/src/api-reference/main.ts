// api-reference/main.ts - the API reference page (api-reference.html, served as
// /api-reference.html; the user menu links it): Swagger UI renders /api/openapi.json,
// the document the server generates from its route table, grouped by tags, operation
// ids shown when the document has them.
//
// A page of its own, a second Vite entry, rather than a route of the console: Swagger
// UI brings React and ~1.5 MB that only this page loads, its stylesheet is global and
// would restyle the console's, and the document is public, so it needs no session.
// Swagger UI because it keeps nginx's CSP (no inline <script> or <style>, no eval):
// its styles are one stylesheet plus React style props, which go through the CSSOM
// (Redoc and Scalar inject <style> elements, which style-src 'self' blocks).
// Nothing is sent from here: "Try it out" is off (no method may be submitted), and
// each operation has "Copy as curl" instead (plugins.ts).
import SwaggerUI from 'swagger-ui-dist/swagger-ui-es-bundle.js';
import 'swagger-ui-dist/swagger-ui.css';
import './reference.css';
import { copyAsCurl, noAuthorize } from './plugins';

const root = document.getElementById('api-reference')!;

/** Whether the document names its operations (Swagger UI would show made-up ids otherwise). */
function namesOperations(doc: { paths?: Record<string, Record<string, { operationId?: unknown }>> }): boolean {
  return Object.values(doc.paths || {}).some((item) => Object.values(item).some((op) => typeof op?.operationId === 'string'));
}

function failed(why: string) {
  const p = document.createElement('p');
  p.className = 'ref-error';
  p.setAttribute('role', 'alert');
  p.textContent = `The API's document could not be loaded (${why}). Reload the page to try again.`;
  root.replaceChildren(p);
}

fetch('/api/openapi.json')
  .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
  .then((spec) =>
    SwaggerUI({
      domNode: root,
      spec,
      deepLinking: true,
      docExpansion: 'list',
      defaultModelsExpandDepth: 0,
      displayOperationId: namesOperations(spec),
      filter: true,
      showExtensions: true,
      supportedSubmitMethods: [],
      tryItOutEnabled: false,
      validatorUrl: null,
      plugins: [copyAsCurl, noAuthorize],
    }),
  )
  .catch((e) => failed(e instanceof Error ? e.message : String(e)));
