import { Box, Text } from 'ink';
import React, { useState } from 'react';
import { useLineEditor } from './use-line-editor.js';

const NUMERIC = (char: string): boolean => /[0-9.]/.test(char);

export function parseSwarmInput(users: string, rate: string): { users: number; spawnRate: number } | string {
  const parsedUsers = Number(users);
  const parsedRate = Number(rate);
  if (!Number.isInteger(parsedUsers) || parsedUsers < 1) return 'users must be a whole number of at least 1';
  if (!Number.isFinite(parsedRate) || parsedRate <= 0) return 'spawn rate must be a number above 0';
  return { users: parsedUsers, spawnRate: parsedRate };
}

function Field(props: { readonly label: string; readonly initial: string; readonly active: boolean; readonly onSubmit: (value: string) => void; readonly onCancel: () => void; readonly onTab: (value: string) => void }): React.JSX.Element {
  const value = useLineEditor({ initial: props.initial, onSubmit: props.onSubmit, onCancel: props.onCancel, onTab: props.onTab, accept: NUMERIC, isActive: props.active });
  return (
    <Text>
      <Text bold={props.active}>{props.label.padEnd(12)}</Text>
      {value}
      {props.active ? <Text inverse> </Text> : null}
    </Text>
  );
}

/** `s`: users and spawn rate, last values as defaults. Enter moves on, then starts; Esc cancels. */
export function SwarmPrompt(props: {
  readonly users: number;
  readonly spawnRate: number;
  readonly onSubmit: (users: number, spawnRate: number) => void;
  readonly onCancel: () => void;
}): React.JSX.Element {
  const [field, setField] = useState<'users' | 'rate'>('users');
  const [users, setUsers] = useState(String(props.users));
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (rate: string): void => {
    const parsed = parseSwarmInput(users, rate);
    if (typeof parsed === 'string') return setProblem(parsed);
    props.onSubmit(parsed.users, parsed.spawnRate);
  };
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Start swarm</Text>
      <Field label="users" initial={users} active={field === 'users'} onCancel={props.onCancel} onSubmit={(value) => { setUsers(value); setField('rate'); }} onTab={(value) => { setUsers(value); setField('rate'); }} />
      <Field label="spawn rate/s" initial={String(props.spawnRate)} active={field === 'rate'} onCancel={props.onCancel} onSubmit={submit} onTab={() => setField('users')} />
      {problem ? <Text color="red">{problem}</Text> : <Text dimColor>Enter next/start · Tab switch · Esc cancel</Text>}
    </Box>
  );
}
