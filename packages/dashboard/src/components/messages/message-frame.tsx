/**
 * A rendered email, shown as its recipient would see it. The frame is sandboxed with no permission at all: no
 * scripts, no forms, no top navigation, and an opaque origin, so a template cannot reach the dashboard.
 */
export function MessageFrame({ html, title }: { html: string; title: string }) {
  return <iframe className="message-frame" sandbox="" srcDoc={html} title={title} referrerPolicy="no-referrer" />;
}
