// The calculated-cost leaky bucket Shopify keeps per app and shop: it holds up to
// maximumAvailable points and refills at restoreRate points per second.

export type ThrottleStatus = {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
};

export class LeakyBucket {
  readonly maximum: number;
  readonly restoreRate: number;
  private readonly clock: () => number;
  private level: number;
  private at: number;

  constructor(maximum: number, restoreRate: number, clock: () => number = Date.now) {
    this.maximum = maximum;
    this.restoreRate = restoreRate;
    this.clock = clock;
    this.level = maximum;
    this.at = clock();
  }

  available(): number {
    const now = this.clock();
    this.level = Math.min(this.maximum, this.level + ((now - this.at) / 1000) * this.restoreRate);
    this.at = now;
    return this.level;
  }

  /** Takes the points if the bucket holds them; otherwise takes nothing and says no. */
  take(points: number): boolean {
    if (this.available() < points) return false;
    this.level -= points;
    return true;
  }

  /** Gives back what a query was charged beyond its actual cost. */
  refund(points: number) {
    this.available();
    this.level = Math.min(this.maximum, this.level + Math.max(0, points));
  }

  status(): ThrottleStatus {
    return {
      maximumAvailable: this.maximum,
      currentlyAvailable: Math.floor(this.available()),
      restoreRate: this.restoreRate,
    };
  }
}
