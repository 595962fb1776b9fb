import type { MemoryGeometry } from '../storage/board-storage';
import type { GptEntryRead } from './gpt-image';
import type { LayoutPart, PartTarget } from './layout-part';
import { deviceName, isSelected } from './layout-part';

const PHASE_FLASHLAYOUT = 0x00;
const PHASE_LAST_USER = 0xf0;
const PHASE_FIRST_USER = 0x10;
const MAX_DEVICES = 5;
const GPT_HEADER_SZ = 34;

/** One device of the layout, as `struct stm32prog_dev_t`. */
export interface PlannedDevice {
  readonly target: PartTarget;
  readonly devId: number;
  fullUpdate: boolean;
  /** In layout order until `initDevice` sorts them by (partId, offset). */
  parts: LayoutPart[];
  eraseSize: number;
  geometry: MemoryGeometry | null;
}

/** What `init_device` needs to know about the board's memories. */
export interface DeviceProbe {
  /** Geometry of a memory, or null when the board has none of that name (`mmc device %d not found`). */
  geometry(name: string): MemoryGeometry | null;
  /** The existing GPT of an MMC device (partial update), or null when it has none. */
  existingGpt(name: string): Promise<GptEntryRead[] | null>;
  readonly ram: { readonly start: number; readonly size: number };
}

/** `treat_partition_list()`: devices in first-seen order; answers them or the first error text. */
export function treatPartitionList(parts: readonly LayoutPart[]): PlannedDevice[] | string {
  const devices: PlannedDevice[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part) continue;
    part.altId = -1;
    if (part.target === 'none') {
      if (isSelected(part))
        return `Layout: selected none phase = 0x${part.id.toString(16)} for part ${part.name}`;
      continue;
    }
    if (part.id === PHASE_FLASHLAYOUT || part.id > PHASE_LAST_USER)
      return `Layout: invalid phase = 0x${part.id.toString(16)} for part ${part.name}`;
    for (let j = i + 1; j < parts.length; j++) {
      const other = parts[j];
      if (other && other.id === part.id)
        return `Layout: duplicated phase 0x${part.id.toString(16)} for part ${part.name} and ${other.name}`;
    }
    let device = devices.find((d) => d.target === part.target && d.devId === part.devId);
    if (!device) {
      if (devices.length === MAX_DEVICES) return 'Layout: too many device';
      device = {
        target: part.target,
        devId: part.devId,
        fullUpdate: true,
        parts: [],
        eraseSize: 1,
        geometry: null,
      };
      devices.push(device);
    }
    if (!isSelected(part)) device.fullUpdate = false;
    device.parts.push(part);
  }
  return devices;
}

const hex = (value: number): string => `0x${value.toString(16)}`;

/** `init_device()`: sizes, GPT numbers, range and alignment checks, and the partial-update check. */
export async function initDevice(device: PlannedDevice, probe: DeviceProbe): Promise<string | null> {
  const name = deviceName(device.target, device.devId);
  let firstAddr = 0;
  let lastAddr: number;
  let bootCapacity: number | null = null;
  if (device.target === 'ram') {
    firstAddr = probe.ram.start;
    lastAddr = probe.ram.start + probe.ram.size;
    device.eraseSize = 1;
  } else {
    const geometry = probe.geometry(name);
    if (!geometry)
      return device.target === 'mmc'
        ? `mmc device ${device.devId} not found`
        : `MTD device ${name} not found`;
    device.geometry = geometry;
    device.eraseSize = geometry.eraseSize;
    if (device.target === 'mmc') {
      const lba = Math.floor(geometry.size / 512);
      const eraseGroup = geometry.eraseSize / 512;
      if (eraseGroup > GPT_HEADER_SZ) {
        firstAddr = geometry.eraseSize;
        lastAddr = (lba - eraseGroup) * 512;
      } else {
        firstAddr = GPT_HEADER_SZ * 512;
        lastAddr = (lba - GPT_HEADER_SZ - 1) * 512;
      }
      bootCapacity = probe.geometry(`${name}-boot1`)?.size ?? 0;
    } else {
      lastAddr = geometry.size;
    }
  }
  device.parts.sort((a, b) => (a.partId !== b.partId ? a.partId - b.partId : a.addr > b.addr ? 1 : -1));
  const existing = device.target === 'mmc' && !device.fullUpdate ? await probe.existingGpt(name) : null;
  let partId = 1;
  const parts = device.parts;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part) continue;
    const label = `${part.name} (${hex(part.id)})`;
    if (part.binNb > 1) {
      const nand = device.target === 'nand' || device.target === 'spi-nand';
      if (!nand || part.id >= PHASE_FIRST_USER || !part.name.startsWith('fsbl'))
        return `${label}: multiple binary ${part.binNb} not supported`;
    }
    if (part.partType === 'RawImage') {
      part.partId = 0;
      part.addr = 0;
      part.size = device.target === 'mmc' && device.geometry ? device.geometry.size : lastAddr;
      continue;
    }
    if (part.partId < 0) {
      if (bootCapacity === null) return `${label}: hw partition not expected : ${part.partId}`;
      part.size = bootCapacity;
    } else {
      part.partId = partId++;
      const next = parts[i + 1];
      if (next) {
        if (part.addr < next.addr) part.size = next.addr - part.addr;
        else
          return `${label}: same address : ${hex(part.addr)} == ${next.name} (${hex(next.id)}): ${hex(next.addr)}`;
      } else if (part.addr <= lastAddr) {
        part.size = lastAddr - part.addr;
      } else {
        return `${label}: invalid address ${hex(part.addr)} (max=${hex(lastAddr)})`;
      }
      if (part.addr < firstAddr) return `${label}: invalid address ${hex(part.addr)} (min=${hex(firstAddr)})`;
    }
    if (part.addr % device.eraseSize !== 0)
      return `${label}: not aligned address : ${hex(part.addr)} on erase size ${hex(device.eraseSize)}`;
    // Partial update of an MMC device: each partition must match the GPT already on it.
    // Model choice `mtdPartsFromLayout`: MTD devices take their partitions from the layout, unchecked.
    if (device.target !== 'mmc' || device.fullUpdate || part.partId < 0) continue;
    const found = existing?.find((entry) => entry.number === part.partId);
    if (!found) return `${label}:Couldn't find part ${partId} on device mmc ${part.devId}`;
    const foundAddr = found.startLba * 512;
    const foundSize = (found.endLba - found.startLba + 1) * 512;
    if (part.addr !== foundAddr)
      return `${label}: Bad address for partition ${part.partId} (${found.name}) = ${hex(part.addr)} <> ${hex(foundAddr)} expected`;
    if (part.size !== foundSize)
      return `${label}: Bad size for partition ${part.partId} (${found.name}) at ${hex(part.addr)} = ${hex(part.size)} <> ${hex(foundSize)} expected`;
  }
  return null;
}
