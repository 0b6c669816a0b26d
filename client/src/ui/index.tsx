/**
 * Atrium's design system: a few components written once and used by every page.
 * Their look lives in ui.css and tokens.css (CSS custom properties); no CSS framework.
 */
import { useId, useRef, useState, type ReactNode } from 'react';

export { Field, FormMessage, NewPasswordField } from '../app/Field';

type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'quiet';

export function Button({
  variant = 'primary',
  className,
  type = 'button',
  ...rest
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  return <button type={type} className={buttonClass(variant, className)} {...rest} />;
}

/** The class names that make a link look like a button. */
export function buttonClass(variant: ButtonVariant = 'primary', extra?: string): string {
  return ['button', variant !== 'primary' && `button-${variant}`, extra].filter(Boolean).join(' ');
}

export function Card({
  as: Tag = 'div',
  className,
  children,
  ...rest
}: React.HTMLAttributes<HTMLElement> & { as?: 'div' | 'li' | 'section' | 'article'; children: ReactNode }) {
  return (
    <Tag className={['card', className].filter(Boolean).join(' ')} {...rest}>
      {children}
    </Tag>
  );
}

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** A short status word; never wraps mid-word. */
export function Badge({
  tone = 'neutral',
  className,
  children,
}: {
  tone?: BadgeTone;
  className?: string;
  children: ReactNode;
}) {
  return <span className={['badge', `badge-tone-${tone}`, className].filter(Boolean).join(' ')}>{children}</span>;
}

export type AlertTone = 'info' | 'success' | 'warning' | 'danger';

/** A message box. `live` announces it to screen readers when it appears. */
export function Alert({
  tone = 'info',
  title,
  live,
  children,
  className,
}: {
  tone?: AlertTone;
  title?: ReactNode;
  live?: 'polite' | 'assertive';
  children?: ReactNode;
  className?: string;
}) {
  const role = live === 'assertive' ? 'alert' : live === 'polite' ? 'status' : undefined;
  return (
    <div className={['alert', `alert-${tone}`, className].filter(Boolean).join(' ')} role={role}>
      {title && <p className="alert-title">{title}</p>}
      {children}
    </div>
  );
}

/**
 * A table that scrolls sideways inside its own box on narrow screens. The box takes keyboard focus
 * (so it can be scrolled without a mouse), is named for screen readers, and shows shadows at the
 * edges while there is more to see.
 */
export function TableBox({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div
      className={['table-scroll', className].filter(Boolean).join(' ')}
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      {children}
    </div>
  );
}

export interface TabItem {
  id: string;
  label: ReactNode;
  panel: ReactNode;
}

/** Tabs as the ARIA pattern has them: arrow keys move between tabs, Tab goes into the panel. */
export function Tabs({ label, items, initial }: { label: string; items: TabItem[]; initial?: string }) {
  const base = useId();
  const [active, setActive] = useState(initial ?? items[0]?.id);
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const move = (delta: number) => {
    const i = items.findIndex((t) => t.id === active);
    const next = items[(i + delta + items.length) % items.length];
    setActive(next.id);
    refs.current[next.id]?.focus();
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tab-list">
        {items.map((item) => (
          <button
            key={item.id}
            ref={(el) => {
              refs.current[item.id] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${item.id}`}
            aria-controls={`${base}-panel-${item.id}`}
            aria-selected={item.id === active}
            tabIndex={item.id === active ? 0 : -1}
            className="tab"
            onClick={() => setActive(item.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(1);
              else if (e.key === 'ArrowLeft') move(-1);
              else return;
              e.preventDefault();
            }}
          >
            {item.label}
          </button>
        ))}
      </div>
      {items.map((item) => (
        <div
          key={item.id}
          role="tabpanel"
          id={`${base}-panel-${item.id}`}
          aria-labelledby={`${base}-tab-${item.id}`}
          hidden={item.id !== active}
          tabIndex={0}
          className="tab-panel"
        >
          {item.panel}
        </div>
      ))}
    </div>
  );
}

export type PageWidth = 'reading' | 'page' | 'full';

/**
 * A page's frame: how wide it may grow. Reading pages keep lines short; the dashboard, editor and
 * administration pages use the whole screen.
 */
export function PageShell({
  width = 'page',
  className,
  children,
}: {
  width?: PageWidth;
  className?: string;
  children: ReactNode;
}) {
  return <div className={['page-shell', `page-${width}`, className].filter(Boolean).join(' ')}>{children}</div>;
}
