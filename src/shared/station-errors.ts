import type { ErrorText } from './error-text';

/** The station's and the recipe's codes, part of the one catalog (errors.ts spreads them in). */
export const stationErrorTexts = {
  NO_STATION: {
    message: 'This app runs without a station.',
    hint: 'Start it as a station with `stm32mp-flasher serve --station <recipe.yaml>` (or `factory <recipe>` on the command line).',
  },
  RECIPE_REFUSED: {
    message: 'The station recipe cannot run.',
    hint: 'Fix what `stm32mp-flasher recipe check <recipe>` reports (a changed layout or image needs `recipe init` again), then open it again.',
  },
  STATION_RUNNING: {
    message: 'A station is already running in this app.',
    hint: 'Stop the app (or `serve`) and start it again with the other recipe.',
  },
  NO_SUCH_SLOT: {
    message: 'The station has no slot of that name.',
    hint: 'Use a slot name the station shows; the recipe’s slots list names them (teach them with `factory teach`).',
  },
  VIRTUAL_BOARDS_UNAVAILABLE: {
    message: 'This app cannot start virtual boards.',
    hint: 'Start the browser shell with `stm32mp-flasher serve --sim` instead.',
  },
  // Station recipes (issue 22): `recipe check`, `recipe init`, and a station refusing to start.
  RECIPE_UNREADABLE: {
    message: 'The recipe file was not read.',
    hint: 'Name a regular file of at most 64 KiB, saved on disk (`stm32mp-flasher recipe init <layout.tsv>` writes one).',
  },
  RECIPE_SYNTAX: {
    message: 'The recipe is not valid YAML or JSON.',
    hint: 'Fix the text at the line and column given (indentation, a missing quote, colon or bracket), then check it again.',
  },
  RECIPE_INVALID: {
    message: 'The recipe has a value this app does not accept.',
    hint: 'Fix the value at the line and column given; `stm32mp-flasher recipe init <layout.tsv>` writes a valid recipe to compare with.',
  },
  RECIPE_LAYOUT_INVALID: {
    message: 'The recipe’s FlashLayout has errors.',
    hint: 'Fix the layout’s lines the check lists (`stm32mp-flasher check <layout.tsv>`), then write the recipe’s hashes again with `stm32mp-flasher recipe init`.',
  },
  RECIPE_FILE_CHANGED: {
    message: 'A file the recipe records is missing or changed since the recipe was written.',
    hint: 'If the change is intended, write the recipe’s hashes again with `stm32mp-flasher recipe init <layout.tsv> --force`; otherwise put the recorded file back. Nothing is programmed until they match.',
  },
  RECIPE_UNWRITABLE: {
    message: 'The recipe file could not be written.',
    hint: 'Name a file in a folder that exists and that you may write to (-o <file>).',
  },
  RECIPE_EXISTS: {
    message: 'A recipe file is already there.',
    hint: 'Name another file with -o, or pass --force to replace it.',
  },
  // USB access (issue 24): the app's elevated "Install rule" step.
} as const satisfies Record<string, ErrorText>;
