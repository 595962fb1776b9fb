import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import type { ControlSetup, UsbTransport } from '../../usb/usb-transport';
import { formatPortPath } from '../../usb/device-identity';

const hex = (value: number, digits: number): string => `0x${value.toString(16).padStart(digits, '0')}`;

function describe(setup: ControlSetup): string {
  return `${hex(setup.requestType, 2)} req ${setup.request} val ${hex(setup.value, 4)} idx ${setup.index}`;
}

/** Wraps a transport so that every control transfer leaves one line in the `--log` trace. */
function tracedTransport(transport: UsbTransport, trace: (line: string) => void): UsbTransport {
  const timed = async <T>(
    what: string,
    run: () => Promise<T>,
    show: (value: T) => string,
    timeoutMs?: number,
  ): Promise<T> => {
    const started = performance.now();
    const limit = timeoutMs === undefined ? '' : `timeout ${timeoutMs} ms`;
    try {
      const value = await run();
      const took = `${(performance.now() - started).toFixed(1)} ms`;
      trace(`${what} -> ${show(value)} (${limit === '' ? took : `${took}, ${limit}`})`);
      return value;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      trace(`${what} -> FAILED ${reason}${limit === '' ? '' : ` (${limit})`}`);
      throw error;
    }
  };
  return {
    identity: transport.identity,
    deviceDescriptor: transport.deviceDescriptor,
    configurationDescriptor: transport.configurationDescriptor,
    getStringDescriptor: (index) =>
      timed(
        `string ${index}`,
        () => transport.getStringDescriptor(index),
        (text) => JSON.stringify(text),
      ),
    claimInterface: (n) =>
      timed(
        `claim ${n}`,
        () => transport.claimInterface(n),
        () => 'ok',
      ),
    releaseInterface: (n) => transport.releaseInterface(n),
    setAlternateSetting: (n, alt) =>
      timed(
        `set interface ${n} alt ${alt}`,
        () => transport.setAlternateSetting(n, alt),
        () => 'ok',
      ),
    controlTransferIn: (setup, length, timeoutMs) =>
      timed(
        `IN ${describe(setup)} len ${length}`,
        () => transport.controlTransferIn(setup, length, timeoutMs),
        (data) => `${data.length} bytes ${Buffer.from(data.subarray(0, 16)).toString('hex')}`,
        timeoutMs,
      ),
    controlTransferOut: (setup, data, timeoutMs) =>
      timed(
        `OUT ${describe(setup)} len ${data.length}`,
        () => transport.controlTransferOut(setup, data, timeoutMs),
        (sent) => `${sent} bytes`,
        timeoutMs,
      ),
    bulkTransferOut: (endpoint, data, timeoutMs) =>
      timed(
        `BULK OUT ep 0x${endpoint.toString(16)} len ${data.length}`,
        () => transport.bulkTransferOut(endpoint, data, timeoutMs),
        (sent) => `${sent} bytes`,
        timeoutMs,
      ),
    bulkTransferIn: (endpoint, length, timeoutMs) =>
      timed(
        `BULK IN ep 0x${endpoint.toString(16)} len ${length}`,
        () => transport.bulkTransferIn(endpoint, length, timeoutMs),
        (data) => `${data.length} bytes ${Buffer.from(data.subarray(0, 16)).toString('hex')}`,
        timeoutMs,
      ),
    reset: () =>
      timed(
        'bus reset',
        () => transport.reset(),
        () => 'ok',
      ),
    close: () => transport.close(),
  };
}

/** A backend whose opened devices trace every request (the per-request trace of `--log`). */
export function tracedBackend(backend: UsbBackend, trace: (line: string) => void): UsbBackend {
  return {
    list: () => backend.list(),
    on: (event, listener) =>
      backend.on(event, (device: UsbDeviceEntry) => {
        trace(
          `${event} ${formatPortPath(device.identity)} ${device.identity.product ?? ''} serial ${device.identity.serial ?? 'none'}`,
        );
        listener(device);
      }),
    async open(device) {
      trace(`open ${formatPortPath(device.identity)} ${device.identity.product ?? ''}`);
      return tracedTransport(await backend.open(device), trace);
    },
    hotplugProblem: () => backend.hotplugProblem?.() ?? null,
  };
}
