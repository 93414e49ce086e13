/** A calculator failure the model can fix: the message names the problem and its position (1-based). */
export class CalculatorError extends Error {
  constructor(
    message: string,
    /** 1-based character position in the expression, when the error has one. */
    readonly position?: number,
  ) {
    super(position === undefined ? message : `${message} at position ${position}`);
    this.name = "CalculatorError";
  }
}
