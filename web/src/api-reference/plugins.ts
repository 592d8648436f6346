// api-reference/plugins.ts - what the reference page changes in Swagger UI: each
// operation gets a "Copy as curl" block above its responses (operationCurl.ts, from the
// document as loaded), and the Authorize buttons go (nothing is sent from this page,
// so there is nothing to authorize). Swagger UI renders with its own React (inside its
// bundle), handed to plugins as system.React: these components use that one, not Preact.
import type { SwaggerPlugin } from 'swagger-ui-dist/swagger-ui-es-bundle.js';
import { operationCurl } from './operationCurl';

interface ReactLike {
  createElement(type: unknown, props?: object | null, ...children: unknown[]): unknown;
  Fragment: unknown;
  useState<S>(init: S): [S, (s: S) => void];
  useRef<T>(init: T | null): { current: T | null };
}
interface Immutable {
  toJS(): unknown;
}
interface ResponsesProps {
  path: string;
  method: string;
  specSelectors: { specJson(): Immutable };
}

// The document as plain JSON, once per loaded document (Swagger UI keeps it Immutable).
const plain = new WeakMap<Immutable, unknown>();
function docOf(p: ResponsesProps): unknown {
  const im = p.specSelectors.specJson();
  if (!plain.has(im)) plain.set(im, im.toJS());
  return plain.get(im);
}

/** Copies text; without the clipboard API (plain http elsewhere) selects pre for Ctrl+C. */
async function copy(text: string, pre: HTMLElement | null): Promise<string> {
  try {
    await navigator.clipboard.writeText(text);
    return 'Copied';
  } catch {
    if (pre) getSelection()?.selectAllChildren(pre);
    return 'Press Ctrl+C';
  }
}

function curlBlock(React: ReactLike) {
  const h = React.createElement;
  return function CopyAsCurl(p: ResponsesProps) {
    const [said, setSaid] = React.useState('');
    const pre = React.useRef<HTMLPreElement>(null);
    const c = operationCurl(docOf(p), p.path, p.method, location.origin);
    if (!c) return null;
    const onClick = async () => {
      setSaid(await copy(c.command, pre.current));
      setTimeout(() => setSaid(''), 2500);
    };
    return h(
      'div',
      { className: 'oa-curl' },
      h(
        'div',
        { className: 'opblock-section-header' },
        h('h4', { className: 'opblock-title' }, 'Request as curl'),
        h('button', { type: 'button', className: 'btn oa-curl-copy', onClick, 'aria-live': 'polite' }, said || 'Copy as curl'),
      ),
      h('pre', { className: 'oa-curl-command', ref: pre }, c.command),
      h('p', { className: 'oa-curl-help' }, 'Set ' + ['OA_TOKEN', ...c.vars].join(', ') + ' first.'),
    );
  };
}

export const copyAsCurl: SwaggerPlugin = (system) => {
  const React: ReactLike = system.React;
  const Block = curlBlock(React);
  return {
    wrapComponents: {
      responses: (Original) => (props) => React.createElement(React.Fragment, null, React.createElement(Block, props), React.createElement(Original, props)),
    },
  };
};

export const noAuthorize: SwaggerPlugin = () => ({
  wrapComponents: { authorizeBtn: () => () => null, authorizeOperationBtn: () => () => null },
});
