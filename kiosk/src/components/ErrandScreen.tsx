import type { KioskService } from '@entre/protocol';
import { useKiosk } from '../state/context.js';
import { ScreenTitle } from './ScreenTitle.js';
import { ErrorNotice } from './ErrorNotice.js';
import { LocalizedText } from './LocalizedText.js';
import { BackButton } from './BackButton.js';
import { Icon } from './Icon.js';
import { localDate, localTime, type Translate } from '../lib/i18n.js';
import './ErrandScreen.css';

/** "Opens at 13:00", "Opens tomorrow at 09:00" or "Opens 2026-12-01 at 09:00", by the site's calendar. */
function opens(t: Translate, opensAt: string, timeZone: string, now: Date): string {
  const day = localDate(opensAt, timeZone);
  const time = localTime(opensAt, timeZone);
  if (day === localDate(now.toISOString(), timeZone)) return t('kiosk.opensToday', { time });
  if (day === localDate(new Date(now.getTime() + 86_400_000).toISOString(), timeZone)) return t('kiosk.opensTomorrow', { time });
  return t('kiosk.opensLater', { date: day, time });
}

function meta(t: Translate, s: KioskService, timeZone: string): string {
  if (!s.open) return s.opensAt ? `${t('kiosk.closed')} · ${opens(t, s.opensAt, timeZone, new Date())}` : t('kiosk.closed');
  const parts = [s.waiting === 0 ? t('kiosk.noWait') : t('kiosk.waitingCount', { n: s.waiting })];
  if (s.waiting > 0 && s.estimateMinutes !== undefined) parts.push(t('kiosk.estimateMinutes', { n: s.estimateMinutes }));
  return parts.join(' · ');
}

export function ErrandScreen() {
  const state = useKiosk();
  const t = state.t.value;
  const wanted = state.language.value.code;
  const config = state.config.value;
  const services = config?.services ?? [];
  const groups = config?.groups ?? [];
  const issuing = state.issuing.value;
  const timeZone = config?.timeZone ?? 'Europe/Stockholm';

  return (
    <section class="screen errand-screen">
      <ScreenTitle>{t('kiosk.chooseErrand')}</ScreenTitle>
      {state.failed.value && <ErrorNotice />}
      <div class="errand-groups" aria-busy={issuing}>
        {groups.map((g) => {
          const mine = services.filter((s) => s.group === g.id);
          if (mine.length === 0) return null;
          const headingId = `group-${g.id}`;
          return (
            <section key={g.id} class="errand-group" aria-labelledby={headingId}>
              <h2 id={headingId} class="errand-group-title">
                <Icon name={g.icon} />
                <LocalizedText text={g.name} lang={wanted} />
              </h2>
              <ul class="errand-list">
                {mine.map((s) => (
                  <li key={s.id}>
                    <button
                      type="button"
                      class="errand"
                      data-testid={`service-${s.id}`}
                      disabled={!s.open}
                      onClick={() => void state.chooseService(s.id)}
                    >
                      <Icon name={s.icon} class="errand-icon" />
                      <span class="errand-text">
                        <LocalizedText class="errand-name" text={s.name} lang={wanted} />
                        {s.description && <LocalizedText class="errand-description" text={s.description} lang={wanted} />}
                        <span class="errand-meta">{meta(t, s, timeZone)}</span>
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
      <div class="screen-actions errand-actions">
        <BackButton />
        <button type="button" class="button button-secondary help-button" data-testid="have-appointment" onClick={() => state.openAppointment()}>
          <Icon name="calendar" />
          <span>{t('kiosk.haveAppointment')}</span>
        </button>
        {state.settings.value.priorityHelp && (
          <button type="button" class="button button-secondary help-button" data-testid="need-help" onClick={() => state.openHelp()}>
            <Icon name="help" />
            <span class="help-button-text">
              <span>{t('kiosk.needHelp')}</span>
              <span class="help-button-hint">{t('kiosk.needHelpHint')}</span>
            </span>
          </button>
        )}
      </div>
    </section>
  );
}
