/**
 * The guests' registration page, /e/:eventId: server-rendered HTML and a plain form post, so it
 * works on any phone with or without JavaScript (the page has none). The post is validated with the
 * same zod schema as POST /v1/events/:id/registrations and stored by the same function, so the page
 * and the API refuse the same things; errors are shown beside their fields. The success page shows
 * the ticket's QR (inline SVG), a PNG download link and the code in text. The ticket mail is queued
 * in the registration's transaction (store/outbox.ts): a registration never waits for mail.
 * Texts in English and German (Accept-Language, or ?lang=de).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { eventIdParams, registrationRequest } from '../../common/cloud-api';
import type { Attendee } from '../../common/domain/attendee';
import { escapeHtml } from '../mailer';
import type { RouteContext } from '../server';
import { CloudStoreError } from '../store/errors';
import { guestBadgeFieldsOf } from '../store/events';
import { ticketQrPath } from './public';

type Lang = 'en' | 'de';

const texts = {
  en: {
    register: 'Register',
    firstName: 'First name',
    lastName: 'Last name',
    email: 'Email',
    company: 'Company (optional)',
    ticketType: 'Ticket',
    soldOut: 'sold out',
    seatsLeft: (n: number) => `${n} left`,
    submit: 'Register',
    fixErrors: 'Please correct the fields marked below.',
    noTypes: 'Registration is not open for this event.',
    notFound: 'There is no such event.',
    done: 'You are registered',
    doneText: 'Show this QR code at the entrance. We have also sent it to you by email.',
    yourCode: 'Your code',
    downloadPng: 'Download the QR code (PNG)',
    tooMany: 'Too many registrations from your network just now. Please wait a minute and try again.',
    failed: 'Something went wrong. Please try again.',
    required: 'Please fill this in.',
    badEmail: 'This is not an email address.',
    tooLong: 'This is too long.',
    invisible: 'Please use visible characters.',
    alreadyRegistered: 'This email is already registered for the event.',
    soldOutError: 'This ticket type is sold out.',
    chooseType: 'Please choose a ticket.',
    doors: 'Doors',
  },
  de: {
    register: 'Anmelden',
    firstName: 'Vorname',
    lastName: 'Nachname',
    email: 'E-Mail',
    company: 'Firma (optional)',
    ticketType: 'Ticket',
    soldOut: 'ausverkauft',
    seatsLeft: (n: number) => `noch ${n}`,
    submit: 'Anmelden',
    fixErrors: 'Bitte korrigieren Sie die markierten Felder.',
    noTypes: 'Für diese Veranstaltung ist keine Anmeldung offen.',
    notFound: 'Diese Veranstaltung gibt es nicht.',
    done: 'Sie sind angemeldet',
    doneText: 'Zeigen Sie diesen QR-Code am Eingang. Wir haben ihn Ihnen auch per E-Mail geschickt.',
    yourCode: 'Ihr Code',
    downloadPng: 'QR-Code herunterladen (PNG)',
    tooMany: 'Gerade zu viele Anmeldungen aus Ihrem Netz. Bitte warten Sie eine Minute.',
    failed: 'Etwas ist schiefgegangen. Bitte versuchen Sie es noch einmal.',
    required: 'Bitte ausfüllen.',
    badEmail: 'Das ist keine E-Mail-Adresse.',
    tooLong: 'Das ist zu lang.',
    invisible: 'Bitte sichtbare Zeichen verwenden.',
    alreadyRegistered: 'Diese E-Mail ist für die Veranstaltung schon angemeldet.',
    soldOutError: 'Diese Ticketart ist ausverkauft.',
    chooseType: 'Bitte wählen Sie ein Ticket.',
    doors: 'Einlass',
  },
} as const;
type Texts = (typeof texts)[Lang];

function langOf(request: FastifyRequest): Lang {
  const asked = (request.query as { lang?: string } | undefined)?.lang;
  if (asked === 'de' || asked === 'en') return asked;
  const header = request.headers['accept-language'] ?? '';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('de') ? 'de' : 'en';
}

const pageCsp = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const style = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:0 auto;padding:1rem;line-height:1.45;color:#1b1f24;background:#fff}
h1{font-size:1.6rem}label{display:block;font-weight:600;margin-top:1rem}input[type=text],input[type=email]{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;border:1px solid #6b7280;border-radius:.3rem}
fieldset{border:1px solid #6b7280;border-radius:.3rem;margin-top:1rem}fieldset label{font-weight:400;margin:.3rem 0}
.error{color:#a40e26;font-weight:600;margin:.2rem 0 0}.banner{background:#fde8ea;color:#a40e26;padding:.6rem;border-radius:.3rem}
button{margin-top:1.2rem;padding:.7rem 1.4rem;font-size:1.05rem;background:#0b5cad;color:#fff;border:0;border-radius:.3rem}
.qr svg{width:min(80vw,300px);height:auto}.code{font-family:monospace;font-size:1.05rem;word-break:break-all;background:#f3f4f6;padding:.4rem}
.muted{color:#4b5563}`;

function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${style}</style></head>
<body><main>${body}</main></body></html>`;
}

interface TypeOffer {
  name: string;
  capacity: number | null;
  left: number | null;
}

async function offers(ctx: RouteContext, eventId: string): Promise<TypeOffer[]> {
  const types = await ctx.cdb.db.selectFrom('ticket_types').select(['name', 'capacity']).where('event_id', '=', eventId).where('is_public', '=', 1).orderBy('position').execute();
  const taken = await ctx.cdb.db
    .selectFrom('attendees')
    .select(['ticket_type', (eb) => eb.fn.countAll<number>().as('n')])
    .where('event_id', '=', eventId)
    .where('status', 'in', ['valid', 'pending'])
    .groupBy('ticket_type')
    .execute();
  const used = new Map(taken.map((t) => [t.ticket_type, Number(t.n)]));
  return types.map((t) => ({ name: t.name, capacity: t.capacity, left: t.capacity === null ? null : Math.max(0, t.capacity - (used.get(t.name) ?? 0)) }));
}

type FieldErrors = Partial<Record<string, string>>;

interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
  banner?: string;
}

function field(t: Texts, name: string, label: string, type: 'text' | 'email', state: FormState, options: { required?: boolean; autocomplete?: string } = {}): string {
  const id = `f-${name}`;
  const error = state.errors[name];
  return `<label for="${id}">${escapeHtml(label)}</label>
<input id="${id}" name="${escapeHtml(name)}" type="${type}" value="${escapeHtml(state.values[name] ?? '')}"${options.required ? ' required' : ''}${options.autocomplete ? ` autocomplete="${options.autocomplete}"` : ''}${error ? ` aria-invalid="true" aria-describedby="${id}-error"` : ''} maxlength="254">
${error ? `<p class="error" id="${id}-error">${escapeHtml(error)}</p>` : ''}`;
}

function formPage(lang: Lang, event: { id: string; name: string; doorsOpen: string | null; timeZone: string }, types: TypeOffer[], badgeLabels: string[], state: FormState): string {
  const t = texts[lang];
  const open = types.filter((x) => x.left !== 0);
  const chosen = state.values.ticketType ?? open[0]?.name ?? '';
  const doors = event.doorsOpen ? `<p class="muted">${t.doors}: ${escapeHtml(new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short', timeZone: event.timeZone }).format(Date.parse(event.doorsOpen)))}</p>` : '';
  if (!types.length) return page(lang, event.name, `<h1>${escapeHtml(event.name)}</h1>${doors}<p>${t.noTypes}</p>`);
  const typeError = state.errors.ticketType;
  const choices = types
    .map((x, i) => {
      const soldOut = x.left === 0;
      const note = soldOut ? ` — <strong>${t.soldOut}</strong>` : x.left !== null ? ` <span class="muted">(${t.seatsLeft(x.left)})</span>` : '';
      return `<label><input type="radio" name="ticketType" id="type-${i}" value="${escapeHtml(x.name)}"${x.name === chosen && !soldOut ? ' checked' : ''}${soldOut ? ' disabled' : ''}> ${escapeHtml(x.name)}${note}</label>`;
    })
    .join('\n');
  const badges = badgeLabels.map((label, i) => field(t, `badge${i}`, label, 'text', state)).join('\n');
  const body = `<h1>${escapeHtml(event.name)}</h1>${doors}
${state.banner ? `<p class="banner" role="alert">${escapeHtml(state.banner)}</p>` : ''}
<form method="post" action="/e/${encodeURIComponent(event.id)}${lang === 'de' ? '?lang=de' : ''}" novalidate>
${field(t, 'firstName', t.firstName, 'text', state, { required: true, autocomplete: 'given-name' })}
${field(t, 'lastName', t.lastName, 'text', state, { required: true, autocomplete: 'family-name' })}
${field(t, 'email', t.email, 'email', state, { required: true, autocomplete: 'email' })}
${field(t, 'company', t.company, 'text', state, { autocomplete: 'organization' })}
<fieldset${typeError ? ' aria-describedby="type-error"' : ''}><legend>${t.ticketType}</legend>
${choices}
${typeError ? `<p class="error" id="type-error">${escapeHtml(typeError)}</p>` : ''}</fieldset>
${badges}
<button type="submit">${t.submit}</button>
</form>`;
  return page(lang, `${t.register}: ${event.name}`, body);
}

async function successPage(lang: Lang, eventName: string, attendee: Attendee): Promise<string> {
  const t = texts[lang];
  const svg = await QRCode.toString(attendee.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const body = `<h1>${t.done}</h1>
<p>${escapeHtml(eventName)} — ${escapeHtml(`${attendee.firstName} ${attendee.lastName}`)} (${escapeHtml(attendee.ticketType)})</p>
<p>${t.doneText}</p>
<div class="qr" role="img" aria-label="QR code">${svg}</div>
<p>${t.yourCode}:</p><p class="code" data-testid="ticket-code">${escapeHtml(attendee.code)}</p>
<p><a href="${escapeHtml(ticketQrPath(attendee.code, 'png'))}" download="ticket-qr.png">${t.downloadPng}</a></p>`;
  return page(lang, t.done, body);
}

/** zod's issues → a message beside each field, in the page's language. */
function fieldErrors(t: Texts, issues: z.core.$ZodIssue[], badgeLabels: string[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const [first, second] = issue.path;
    const name = first === 'badgeFields' ? `badge${badgeLabels.indexOf(String(second))}` : String(first);
    if (errors[name]) continue;
    errors[name] =
      name === 'email' ? t.badEmail
      : issue.code === 'too_small' ? t.required
      : issue.code === 'too_big' ? t.tooLong
      : issue.code === 'custom' ? t.invisible
      : t.required;
  }
  return errors;
}

export const registrationPageRoutes = (ctx: RouteContext): FastifyPluginAsync => async (app) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  const perMinute = { max: ctx.limits.registrationsPerMinute, timeWindow: 60_000, keyGenerator: (request: { ip: string }) => `reg-page:${request.ip}` };
  const html = (reply: FastifyReply, status: number, text: string) =>
    reply.code(status).type('text/html; charset=utf-8').header('content-security-policy', pageCsp).header('cache-control', 'no-store').header('x-frame-options', 'DENY').send(text);

  // This page answers in HTML, also when it refuses (too many posts, a bad URL).
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    const t = texts[langOf(request)];
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: { name: (error as Error).name } }, 'registration page failed');
    const message = status === 429 ? t.tooMany : status === 404 ? t.notFound : t.failed;
    return html(reply, status >= 500 ? 500 : status, page(langOf(request), message, `<p class="banner" role="alert">${message}</p>`));
  });

  const loadEvent = async (id: string) => {
    const parsed = eventIdParams.safeParse({ id });
    if (!parsed.success) return undefined;
    return ctx.cdb.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  };

  app.get('/e/:id', { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const lang = langOf(request);
    const event = await loadEvent((request.params as { id: string }).id);
    if (!event) return html(reply, 404, page(lang, texts[lang].notFound, `<p>${texts[lang].notFound}</p>`));
    const info = { id: event.id, name: event.name, doorsOpen: event.doors_open, timeZone: event.time_zone };
    return html(reply, 200, formPage(lang, info, await offers(ctx, event.id), guestBadgeFieldsOf(event), { values: {}, errors: {} }));
  });

  app.post('/e/:id', { config: { auth: 'public', rateLimit: perMinute }, bodyLimit: 16 * 1024, schema: { hide: true } }, async (request, reply) => {
    const lang = langOf(request);
    const t = texts[lang];
    const event = await loadEvent((request.params as { id: string }).id);
    if (!event) return html(reply, 404, page(lang, t.notFound, `<p>${t.notFound}</p>`));
    const info = { id: event.id, name: event.name, doorsOpen: event.doors_open, timeZone: event.time_zone };
    const badgeLabels = guestBadgeFieldsOf(event);
    const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(form)) if (typeof value === 'string') values[key] = value;
    const badgeFields: Record<string, string> = {};
    badgeLabels.forEach((label, i) => {
      const value = values[`badge${i}`]?.trim();
      if (value) badgeFields[label] = value;
    });
    const again = async (status: number, state: Omit<FormState, 'values'>) =>
      html(reply, status, formPage(lang, info, await offers(ctx, event.id), badgeLabels, { values, ...state }));
    const parsed = registrationRequest.safeParse({
      firstName: values.firstName ?? '',
      lastName: values.lastName ?? '',
      email: (values.email ?? '').trim(),
      company: values.company ?? '',
      ...(values.ticketType ? { ticketType: values.ticketType } : {}),
      badgeFields,
    });
    if (!parsed.success) return again(400, { errors: fieldErrors(t, parsed.error.issues, badgeLabels), banner: t.fixErrors });
    let attendee: Attendee;
    try {
      attendee = await ctx.registrations.register(event.id, parsed.data);
    } catch (error) {
      if (!(error instanceof CloudStoreError)) throw error;
      if (error.code === 'sold_out') return again(409, { errors: { ticketType: t.soldOutError }, banner: t.fixErrors });
      if (error.status === 409) return again(409, { errors: { email: t.alreadyRegistered }, banner: t.fixErrors });
      return again(400, { errors: { ticketType: t.chooseType }, banner: t.fixErrors });
    }
    ctx.notifier.changed(event.id);
    ctx.mailer?.wake();
    return html(reply, 200, await successPage(lang, event.name, attendee));
  });
};
