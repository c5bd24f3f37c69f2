/** Objective and gradient at w: writes the gradient into `gradient` and returns the value. */
export type Objective = (w: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Stop when every gradient component is at most this in absolute value. */
  readonly gradientTolerance: number;
  readonly maxIterations?: number;
  /** Pairs of past steps kept to approximate the curvature. */
  readonly memory?: number;
}

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search, for smooth convex objectives such as the regularised
 * logistic loss, where every step keeps the curvature pair positive. Returns the minimiser and the iterations used.
 */
export function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions): { w: Float64Array; iterations: number; value: number } {
  const n = start.length;
  const memory = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 1000;
  const w = Float64Array.from(start);
  const g = new Float64Array(n);
  let f = objective(w, g);
  const s: Float64Array[] = [];
  const yPairs: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  const direction = new Float64Array(n);
  const nextW = new Float64Array(n);
  const nextG = new Float64Array(n);
  let iteration = 0;
  for (; iteration < maxIterations; iteration++) {
    if (maxAbs(g) <= options.gradientTolerance) break;
    // Two-loop recursion: direction = −H·g with H the L-BFGS inverse-Hessian approximation.
    direction.set(g);
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(s[k]!, direction);
      axpy(-alpha[k]!, yPairs[k]!, direction);
    }
    if (s.length > 0) {
      const last = s.length - 1;
      scale(dot(s[last]!, yPairs[last]!) / dot(yPairs[last]!, yPairs[last]!), direction);
    } else {
      scale(1 / Math.max(1, Math.sqrt(dot(g, g))), direction);
    }
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k]! * dot(yPairs[k]!, direction);
      axpy(alpha[k]! - beta, s[k]!, direction);
    }
    scale(-1, direction);
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = 0;
      yPairs.length = 0;
      rho.length = 0;
      for (let j = 0; j < n; j++) direction[j] = -g[j]!;
      slope = -dot(g, g);
    }
    let step = 1;
    let nextF = Infinity;
    for (let tries = 0; tries < 60; tries++) {
      for (let j = 0; j < n; j++) nextW[j] = w[j]! + step * direction[j]!;
      nextF = objective(nextW, nextG);
      if (nextF <= f + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextF <= f)) break;
    const sNew = new Float64Array(n);
    const yNew = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      sNew[j] = nextW[j]! - w[j]!;
      yNew[j] = nextG[j]! - g[j]!;
    }
    const sy = dot(sNew, yNew);
    if (sy > 1e-300) {
      if (s.length === memory) {
        s.shift();
        yPairs.shift();
        rho.shift();
      }
      s.push(sNew);
      yPairs.push(yNew);
      rho.push(1 / sy);
    }
    const decrease = f - nextF;
    w.set(nextW);
    g.set(nextG);
    f = nextF;
    if (decrease <= 1e-15 * Math.max(1, Math.abs(f)) && maxAbs(g) <= options.gradientTolerance * 1e3) break;
  }
  return { w, iterations: iteration, value: f };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function axpy(factor: number, x: Float64Array, into: Float64Array): void {
  for (let i = 0; i < x.length; i++) into[i]! += factor * x[i]!;
}

function scale(factor: number, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i]! *= factor;
}

function maxAbs(x: Float64Array): number {
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]!));
  return max;
}
