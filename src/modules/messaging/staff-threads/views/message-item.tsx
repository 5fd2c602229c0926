import { formatZonedDateTime } from '../../../../platform/views/format.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { MessageDto } from '../staff-threads.schemas.js';

/** One message: author, time in the viewer's zone (named), mentions as names, the text (escaped). */
export function MessageItem(props: { ctx: PageContext; message: MessageDto }) {
  const { ctx, message } = props;
  const { t } = ctx;
  const mine = ctx.actor?.userId === message.author.userId;
  return (
    <li class={`staff-message${mine ? ' staff-message--mine' : ''}`} id={`m-${message.id}`} data-message-id={message.id}>
      <p class="hint">
        <strong>{message.author.name || t('staff_messages.unknown_author')}</strong>{' '}
        <time datetime={message.createdAt}>{formatZonedDateTime(ctx.locale, new Date(message.createdAt), ctx.timeZone)}</time>
      </p>
      {message.mentions.length > 0 && (
        <p class="hint staff-message-mentions">
          {t('staff_messages.mentions', { names: message.mentions.map((m) => `@${m.name}`).join(', ') })}
        </p>
      )}
      <p class="staff-message-body">{message.body}</p>
    </li>
  );
}

/** The messages appended live (the fragment the thread page's script fetches). */
export function MessageItems(props: { ctx: PageContext; messages: MessageDto[] }) {
  return (
    <>
      {props.messages.map((m) => (
        <MessageItem ctx={props.ctx} message={m} />
      ))}
    </>
  );
}
