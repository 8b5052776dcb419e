/**
 * The GPU Manager (seed "Resource Management → GPU Manager"; Council Scaling "Resource
 * Allocation"): the one place that knows each device (every distinct adapter the browser offers,
 * and the CPU), its budget, and what every loaded member holds on it. The council places members
 * through it before their download; the Monitor shows what each device holds.
 *
 * The devices come from the capacity plan (hardware.svelte.ts hands them in with `useDevices`), so
 * this module imports no hardware state. Members reach it through their engine (placed-engine.ts):
 * a reservation lives exactly as long as the member's worker.
 */
import type { ComputeDevice, DeviceKind } from './devices';
import { DevicePlacement, usageOf, type DeviceUsage, type MemberPlacer, type PlacementRequest, type Reservation } from './placement';

export class GpuManager implements MemberPlacer {
  /** Every member's reservation (a $state copy, so the Monitor follows it). */
  reservations = $state<Reservation[]>([]);
  private readonly placement = new DevicePlacement([]);
  private devices: () => ComputeDevice[] = () => [];

  /** The devices to place on (the capacity plan's); read again at every placement. */
  useDevices(source: () => ComputeDevice[]): void {
    this.devices = source;
  }

  currentDevices(): ComputeDevice[] {
    return this.devices();
  }

  /** Reserves the member's memory or throws MemberDoesNotFitError (before anything is downloaded). */
  place(req: PlacementRequest): Reservation | null {
    this.placement.setDevices(this.devices());
    try {
      return this.placement.place(req);
    } finally {
      this.publish();
    }
  }

  /** The engine loaded and said where it runs: the reservation follows (wllama without shader-f16 runs on the CPU). */
  settle(memberId: string, kind: DeviceKind | 'remote'): void {
    this.placement.setDevices(this.devices());
    this.placement.settle(memberId, kind);
    this.publish();
  }

  /** The member left, failed or crashed: its worker and its memory are gone. */
  release(memberId: string): void {
    if (!this.placement.reservation(memberId)) return;
    this.placement.release(memberId);
    this.publish();
  }

  /** Each device with what it holds, for the Monitor. */
  usage(devices: ComputeDevice[] = this.devices()): DeviceUsage[] {
    return usageOf(devices, this.reservations);
  }

  private publish(): void {
    this.reservations = this.placement.all();
  }
}

export const gpuManager = new GpuManager();
