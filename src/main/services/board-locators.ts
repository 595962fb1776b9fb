import type { BoardLocator, LocatedBoard } from './session-runner';

/**
 * The boards' sources as the program service finds them: each source (libusb, a virtual board farm) adds
 * its locator when it starts; the first one that knows a device id answers.
 */
export class BoardLocators {
  readonly #locators: BoardLocator[] = [];

  add(locator: BoardLocator): void {
    this.#locators.push(locator);
  }

  readonly locate: BoardLocator = async (deviceId) => {
    for (const locator of this.#locators) {
      const board: LocatedBoard | null = await locator(deviceId);
      if (board !== null) return board;
    }
    return null;
  };
}
