/**
 * Member placement (seed "GPU Manager" / "Resource Allocator"): every member gets a device (a GPU
 * adapter or the CPU) and a memory reservation on it, and a member that does not fit is refused
 * before its download, with the numbers. Where two GPUs exist, members spread over both (the High
 * tier's multi-GPU formula of the seed's Capacity Planning Workflow: the council's memory is the
 * sum over the cards, but each member must fit on one). Pure: the app's state wraps it
 * (gpu-manager.svelte.ts), and the planner runs it dry on an empty machine to show the split.
 */
import type { EngineKind } from '../models/model';
import { runsWllama, type ComputeDevice, type DeviceKind } from './devices';
import { MemberDoesNotFitError } from './errors';

export interface PlacementRequest {
  memberId: string;
  modelId: string;
  modelLabel: string;
  engine: EngineKind;
  /** Memory the model needs loaded (weights + KV cache), bytes; null = unknown (reserved as 0). */
  bytes: number | null;
}

export interface Reservation {
  memberId: string;
  modelId: string;
  modelLabel: string;
  deviceId: string;
  bytes: number;
}

export interface DeviceUsage {
  device: ComputeDevice;
  heldBytes: number;
  /** What each member holds on it. */
  members: Reservation[];
}

/** Devices an engine can run on, in the order it would use them: web-llm the GPUs; wllama a GPU with shader-f16, else the CPU; remote none. */
export function devicesFor(engine: EngineKind, devices: ComputeDevice[]): ComputeDevice[] {
  switch (engine) {
    case 'web-llm':
      return devices.filter((d) => d.kind === 'gpu');
    case 'wllama':
      return devices.filter(runsWllama);
    case 'remote':
      return [];
  }
}

export class DevicePlacement {
  private readonly held = new Map<string, Reservation>();

  constructor(private devices: ComputeDevice[]) {}

  /** New facts (a VRAM entry, the plan rebuilt): reservations stay; their devices keep their ids. */
  setDevices(devices: ComputeDevice[]): void {
    this.devices = devices;
  }

  heldOn(deviceId: string, except?: string): Reservation[] {
    return [...this.held.values()].filter((r) => r.deviceId === deviceId && r.memberId !== except);
  }

  private free(d: ComputeDevice, except?: string): number {
    return (d.budgetBytes ?? Infinity) - this.heldOn(d.id, except).reduce((s, r) => s + r.bytes, 0);
  }

  /**
   * Reserves memory for the member on the first device kind that fits (a GPU before the CPU), on
   * the GPU with the most free memory among several. A member placed again (a reload) replaces its
   * own reservation. Null when nothing local is involved (a remote server, or no device known for
   * its engine: the engine then says what is missing). Throws MemberDoesNotFitError.
   */
  place(req: PlacementRequest): Reservation | null {
    const candidates = devicesFor(req.engine, this.devices);
    if (!candidates.length) {
      this.release(req.memberId);
      return null;
    }
    const bytes = req.bytes ?? 0;
    const kinds: DeviceKind[] = [...new Set(candidates.map((d) => d.kind))];
    for (const kind of kinds) {
      const best = candidates.filter((d) => d.kind === kind).sort((a, b) => this.free(b, req.memberId) - this.free(a, req.memberId))[0];
      if (bytes <= this.free(best, req.memberId)) return this.reserve(req, best.id, bytes);
    }
    // Name the device that came closest: the one with the most free memory.
    const closest = [...candidates].sort((a, b) => this.free(b, req.memberId) - this.free(a, req.memberId))[0];
    const others = this.heldOn(closest.id, req.memberId);
    throw new MemberDoesNotFitError(
      req.modelLabel, bytes, closest.label, this.free(closest, req.memberId), closest.budgetBytes ?? 0,
      others.length, others.reduce((s, r) => s + r.bytes, 0), closest.budgetSource === 'assumed' ? (closest.kind === 'gpu' ? 'VRAM' : 'RAM') : null,
    );
  }

  private reserve(req: PlacementRequest, deviceId: string, bytes: number): Reservation {
    const r: Reservation = { memberId: req.memberId, modelId: req.modelId, modelLabel: req.modelLabel, deviceId, bytes };
    this.held.set(req.memberId, r);
    return r;
  }

  /**
   * After loading, the engine says where it really runs (wllama falls back to the CPU without
   * shader-f16, web-llm may be refused WebGPU): the reservation moves to that kind of device. It
   * is loaded already, so this moves the figure without refusing.
   */
  settle(memberId: string, kind: DeviceKind | 'remote'): void {
    const r = this.held.get(memberId);
    if (!r) return;
    if (kind === 'remote') {
      this.release(memberId);
      return;
    }
    if (this.devices.find((d) => d.id === r.deviceId)?.kind === kind) return;
    const target = this.devices.filter((d) => d.kind === kind).sort((a, b) => this.free(b, memberId) - this.free(a, memberId))[0];
    if (target) this.held.set(memberId, { ...r, deviceId: target.id });
  }

  release(memberId: string): void {
    this.held.delete(memberId);
  }

  reservation(memberId: string): Reservation | null {
    return this.held.get(memberId) ?? null;
  }

  all(): Reservation[] {
    return [...this.held.values()];
  }

  /** Every device with what its members hold (devices in list order). */
  usage(): DeviceUsage[] {
    return usageOf(this.devices, this.all());
  }
}

/** What each device holds, from a list of reservations (the Monitor's table). */
export function usageOf(devices: ComputeDevice[], reservations: readonly Reservation[]): DeviceUsage[] {
  return devices.map((device) => {
    const members = reservations.filter((r) => r.deviceId === device.id);
    return { device, members, heldBytes: members.reduce((s, r) => s + r.bytes, 0) };
  });
}

/** What the council needs from the GPU Manager (a fake in tests). */
export interface MemberPlacer {
  place(req: PlacementRequest): Reservation | null;
  settle(memberId: string, kind: DeviceKind | 'remote'): void;
  release(memberId: string): void;
}

/** Where a planned council's members would go on an empty machine, or the first refusal (the planner's dry run). */
export function splitCouncil(devices: ComputeDevice[], members: Omit<PlacementRequest, 'memberId'>[]): { usage: DeviceUsage[]; refused: string | null } {
  const dry = new DevicePlacement(devices);
  // Largest first (first-fit decreasing): small members fill what the big ones leave.
  const order = [...members].sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0));
  try {
    order.forEach((m, i) => dry.place({ ...m, memberId: `planned-${i + 1}` }));
    return { usage: dry.usage(), refused: null };
  } catch (err) {
    return { usage: dry.usage(), refused: (err as Error).message };
  }
}
