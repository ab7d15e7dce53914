/**
 * Search by name, email or company from 2 characters, over a virtualised list (only the rows in
 * view are rendered, so 100k matches never render at once); arrow keys move, Enter chooses.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { ArrivalsApi } from '../../../common/api-client';
import type { Attendee } from '../../../common/domain/attendee';
import { createSearchStore } from '../screens/desk/search-store';
import { nameOf, timeOf } from './format';

export function AttendeeSearch({ api, onChoose, chooseLabel, hint }: { api: Pick<ArrivalsApi, 'attendees'>; onChoose(attendee: Attendee): void; chooseLabel: string; hint?: string }) {
  const { t, i18n } = useTranslation();
  const store = useMemo(() => createSearchStore(api), [api]);
  const { text, resultsFor, results, lastMovements, total, capped, selected, error } = useStore(store);
  const listId = useId();
  const hintId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: results.length, getScrollElement: () => scroller.current, estimateSize: () => 68, overscan: 6 });
  useEffect(() => {
    if (results.length > 0) virtual.scrollToIndex(selected, { align: 'auto' });
  }, [selected, results.length, virtual]);
  const chosen = results[selected];
  const optionId = (i: number) => `${listId}-o${i}`;

  return (
    <div className="search">
      <label htmlFor={`${listId}-input`}>{t('search.label')}</label>
      <input
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-describedby={hintId}
        aria-activedescendant={chosen ? optionId(selected) : undefined}
        autoFocus
        autoComplete="off"
        spellCheck={false}
        value={text}
        data-testid="search-input"
        // A scanner's burst here is a scan, not a name (the desk's wedge reads it).
        data-scan-field=""
        onChange={(e) => void store.getState().setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            store.getState().move(1);
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            store.getState().move(-1);
          } else if (e.key === 'PageDown') {
            e.preventDefault();
            store.getState().move(8);
          } else if (e.key === 'PageUp') {
            e.preventDefault();
            store.getState().move(-8);
          } else if (e.key === 'Enter' && chosen) {
            e.preventDefault();
            onChoose(chosen);
          }
        }}
      />
      <p id={hintId} className="muted">
        {hint ?? t('search.hint')}
      </p>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <p className="muted" aria-live="polite" data-testid="search-count">
        {text.trim().length >= 2 &&
          (results.length === 0 ? t('search.none') : t(capped ? 'search.resultsCapped' : 'search.results', { shown: results.length, total }))}
      </p>
      <div ref={scroller} className="results" data-testid="search-results" data-results-for={resultsFor}>
        <div id={listId} role="listbox" aria-label={t('search.title')} style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((row) => {
            const a = results[row.index]!;
            return (
              <div
                key={a.code}
                id={optionId(row.index)}
                role="option"
                aria-selected={row.index === selected}
                className={row.index === selected ? 'result selected' : 'result'}
                data-testid="search-result"
                data-code={a.code}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: row.size, transform: `translateY(${row.start}px)` }}
                onClick={() => {
                  store.getState().select(row.index);
                  onChoose(a);
                }}
              >
                <span className="result-name">{nameOf(a)}</span>
                <span className="result-meta">
                  {[a.company, a.email].filter(Boolean).join(' · ')}
                </span>
                <span className={`result-status status-${a.status}`}>
                  {a.ticketType} · {t(`search.status.${a.status}`)}
                  {lastMovements[a.code] && (
                    <span className={`presence presence-${lastMovements[a.code]!.direction}`} data-testid="search-presence">
                      {' · '}
                      {t(lastMovements[a.code]!.direction === 'entry' ? 'search.inside' : 'search.left', { time: timeOf(lastMovements[a.code]!.at, i18n.language) })}
                    </span>
                  )}
                </span>
              </div>
            );
          })}
        </div>
      </div>
      <button type="button" className="primary" disabled={!chosen} onClick={() => chosen && onChoose(chosen)} data-testid="search-choose">
        {chooseLabel}
        {chosen ? `: ${nameOf(chosen)}` : ''}
      </button>
    </div>
  );
}
