import { z } from 'zod';
import { socs } from '../board';
import { defineRequest } from './define';

/** Starts a virtual board in the running app (for a first try without hardware); one at a time. */
export const boardsAddVirtual = defineRequest(
  'boards.addVirtual',
  z.object({ soc: z.enum(socs) }).strict(),
  z.object({ boardIds: z.array(z.string()) }),
);
