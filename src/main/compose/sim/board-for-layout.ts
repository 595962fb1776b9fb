import { basename } from 'node:path';
import type { Soc } from '../../../shared/board';
import type { BoardModel } from '../../virtual-board/board/board-profile';

/**
 * Which ST board a layout is for, read from its file name as ST and its users name them
 * (`FlashLayout_sdcard_stm32mp157c-ev1-optee.tsv`, `stm32mp257f-dk-…`), and what a virtual board of `soc` says it
 * is when it runs that layout's firmware: TF-A's and U-Boot's banner (CPU, Model, Board) and the DFU strings.
 * Null for another SoC's board or a board that is not ST's: the virtual board keeps its own name then.
 *
 * Model strings and compatibles are the device trees' (Linux/U-Boot `stm32mp157c-ev1.dts` …); the MB numbers and
 * packages are those boards print (DK1/DK2 MB1272 with a …AC package, EV1 MB1263 with …AA, MP135F-DK MB1635,
 * MP257F-DK MB1605 with …AK, MP257F-EV1 MB1936 with …AI). The variant/revision suffix is one sample each.
 */
export function boardForLayout(layoutPath: string, soc: Soc): BoardModel | null {
  const match = /stm32mp(1[35]\d|2[35]\d)([a-f]?)-(dk1|dk2|dk|ev1)(?![a-z0-9])/i.exec(basename(layoutPath));
  if (match === null) return null;
  const [, digits = '', letter = '', kind = ''] = match;
  const family: Soc = digits.startsWith('13') ? 'mp13' : digits.startsWith('15') ? 'mp15' : 'mp25';
  if (family !== soc) return null;
  const board = kind.toLowerCase();
  const part = `${digits}${(letter || defaultLetter(family, board)).toUpperCase()}`;
  const name = `STM32MP${part}`;
  const compatible = `st,stm32mp${part.toLowerCase()}-${board}`;
  if (family === 'mp15' && (board === 'dk1' || board === 'dk2'))
    return {
      socName: `${name}AC Rev.B`,
      model: `STMicroelectronics ${name}-${board.toUpperCase()} Discovery Board`,
      boardId: `MB1272 Var${board === 'dk1' ? 1 : 2}.0 Rev.C-01`,
      compatible,
    };
  if (family === 'mp15' && board === 'ev1')
    return {
      socName: `${name}AA Rev.B`,
      model: `STMicroelectronics ${name} eval daughter on eval mother`,
      boardId: 'MB1263 Var1.0 Rev.C-01',
      compatible,
    };
  if (family === 'mp13' && board === 'dk')
    return {
      socName: `${name}AF Rev.Z`,
      model: `STMicroelectronics ${name}-DK Discovery Board`,
      boardId: 'MB1635 Var1.0 Rev.E-02',
      compatible,
    };
  if (family === 'mp25' && (board === 'dk' || board === 'ev1'))
    return board === 'dk'
      ? {
          socName: `${name}AK Rev.Y`,
          model: `STMicroelectronics ${name}-DK Discovery Board`,
          boardId: 'MB1605 Var1.0 Rev.C-01',
          compatible,
        }
      : {
          socName: `${name}AI Rev.Y`,
          model: `STMicroelectronics ${name}-EV1 Evaluation Board`,
          boardId: 'MB1936 Var1.0 Rev.D-01',
          compatible,
        };
  return null;
}

/** The part ST ships on that board when the name leaves the letter out (`stm32mp257-dk`). */
function defaultLetter(family: Soc, board: string): string {
  if (family === 'mp15') return board === 'dk1' ? 'a' : 'c';
  return 'f';
}
