// Colour on or off for the whole tree (NO_COLOR): panels ask for a colour and get undefined when off.
import React, { createContext, useContext } from 'react';

const ColorContext = createContext(true);

export function ColorProvider({ color, children }: { readonly color: boolean; readonly children: React.ReactNode }): React.JSX.Element {
  return <ColorContext.Provider value={color}>{children}</ColorContext.Provider>;
}

export function useColorEnabled(): boolean {
  return useContext(ColorContext);
}

/** `tone('red')` is 'red' with colour on and undefined with NO_COLOR. */
export function useTone(): (color: string) => string | undefined {
  const enabled = useColorEnabled();
  return (color) => (enabled ? color : undefined);
}
