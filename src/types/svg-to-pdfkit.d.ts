// Minimal typings for svg-to-pdfkit (the package ships none): draws an SVG string onto a PDFKit document.
declare module 'svg-to-pdfkit' {
  function SVGtoPDF(
    doc: unknown,
    svg: string,
    x?: number,
    y?: number,
    options?: { width?: number; height?: number; assumePt?: boolean; fontCallback?: (family: string, bold: boolean, italic: boolean) => string; warningCallback?: (msg: string) => void },
  ): void;
  export default SVGtoPDF;
}
