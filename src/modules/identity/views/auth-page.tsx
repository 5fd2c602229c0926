import type { ComponentChildren } from 'preact';
import { Alert } from '../../../platform/views/components.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';

/** The calm, single-task card every sign-in and sign-up page uses. */
export function AuthPage(props: {
  ctx: PageContext;
  title: string;
  intro?: ComponentChildren;
  message?: PageMessage | null;
  children: ComponentChildren;
}) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <section class="card auth-card" aria-labelledby="auth-title">
        <h1 id="auth-title">{props.title}</h1>
        {props.intro && <p class="page-subtitle">{props.intro}</p>}
        {props.message && <Alert kind={props.message.kind}>{props.message.text}</Alert>}
        {props.children}
      </section>
    </Layout>
  );
}

export interface PageMessage {
  kind: 'info' | 'success' | 'warning' | 'danger';
  text: string;
}

/** The passkey scripts: the browser library, then ours (external files only, strict CSP). */
export function PasskeyScripts() {
  return (
    <>
      <script src="/assets/identity/webauthn.js" defer></script>
      <script src="/assets/identity/passkey.js" defer></script>
    </>
  );
}

/** Where a passkey ceremony reports a problem (filled in by passkey.js). */
export function PasskeyError(props: { id?: string }) {
  return <p class="field-error" id={props.id ?? 'passkey-error'} role="alert" hidden></p>;
}
