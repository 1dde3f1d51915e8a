/** The application types, shared by the device spec (what to run) and the device status (what runs). */
import Type, { type Static } from 'typebox';

export const AppTypes = ['compose', 'quadlet', 'container', 'helm', 'vm'] as const;
export const AppType = Type.Enum(AppTypes, { description: 'The type of the application.' });
export type AppType = Static<typeof AppType>;
