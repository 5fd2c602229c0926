/** The part of @lhncbc/ucum-lhc (NLM's UCUM library, no bundled types) Carewell uses. */
declare module '@lhncbc/ucum-lhc' {
  interface UcumLhcUtils {
    validateUnitString(unit: string, suggest?: boolean): { status: 'valid' | 'invalid' | 'error'; ucumCode: string | null; msg: string[] };
    /** Converts between commensurable units; mass ↔ substance needs `molecularWeight` (g/mol). */
    convertUnitTo(
      fromUnit: string,
      value: number,
      toUnit: string,
      options?: { molecularWeight?: number },
    ): { status: 'succeeded' | 'failed' | 'error'; toVal: number | null; msg: string[] };
  }
  const ucum: { UcumLhcUtils: { getInstance(): UcumLhcUtils } };
  export default ucum;
}
