import { useCallback, useEffect, useState } from 'react';
import { Button, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import type { PayloadOf, ResolverName, ResolverResult } from '../shared/api.js';

/** How a frontend calls resolvers; the entries pass `callResolver` (over @forge/bridge). */
export type Call = <T>(name: ResolverName, payload: PayloadOf<ResolverName>) => Promise<ResolverResult<T>>;

export type Loadable<T> = { state: 'loading' } | { state: 'error'; code: string; message: string } | { state: 'ready'; data: T };

/** Loads from a resolver on mount; `reload` runs it again. */
export function useLoad<T>(
  call: Call,
  name: ResolverName,
  payload: PayloadOf<ResolverName> = {},
): [Loadable<T>, () => void, (data: T) => void] {
  const [value, setValue] = useState<Loadable<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(payload);
  useEffect(() => {
    let live = true;
    setValue({ state: 'loading' });
    void call<T>(name, JSON.parse(key) as PayloadOf<ResolverName>).then((r) => {
      if (!live) return;
      setValue(r.ok ? { state: 'ready', data: r.data } : { state: 'error', code: r.error.code, message: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [call, name, key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const set = useCallback((data: T) => setValue({ state: 'ready', data }), []);
  return [value, reload, set];
}

export function Loading({ label }: { label: string }) {
  return (
    <Stack space="space.100" alignInline="center">
      <Spinner size="medium" label={label} />
      <Text>{label}</Text>
    </Stack>
  );
}

export function ErrorBox({ title, message, onRetry }: { title: string; message: string; onRetry?: (() => void) | undefined }) {
  return (
    <SectionMessage appearance="error" title={title}>
      <Text>{message}</Text>
      {onRetry ? <Button onClick={onRetry}>Try again</Button> : null}
    </SectionMessage>
  );
}

/** Renders a Loadable: Spinner while loading, SectionMessage on error, `children` when ready. */
export function Show<T>({
  value,
  what,
  onRetry,
  children,
}: {
  value: Loadable<T>;
  what: string;
  onRetry?: () => void;
  children: (data: T) => JSX.Element;
}) {
  if (value.state === 'loading') return <Loading label={`Loading ${what}…`} />;
  if (value.state === 'error') return <ErrorBox title={`Could not load ${what}`} message={value.message} onRetry={onRetry} />;
  return children(value.data);
}

export const OUTCOME_APPEARANCE: Record<string, 'success' | 'removed' | 'moved' | 'default'> = {
  passed: 'success',
  failed: 'removed',
  errored: 'moved',
  skipped: 'default',
};
