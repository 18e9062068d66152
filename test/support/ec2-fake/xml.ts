/** A record in the shape of the EC2 Query API's XML: camelCase keys, lists as arrays (rendered as `<item>`). */
export type XmlValue =
  string | number | boolean | null | undefined | XmlValue[] | { [key: string]: XmlValue };

function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * Renders a value as EC2 Query API XML elements: objects become nested elements, arrays become `<item>` lists,
 * null and undefined are left out.
 *
 * @example
 * toXml('tagSet', [{ key: 'Name', value: 'a' }]) // => '<tagSet><item><key>Name</key><value>a</value></item></tagSet>'
 */
export function toXml(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value))
    return `<${name}>${value.map((item) => toXml('item', item)).join('')}</${name}>`;
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([key, inner]) => toXml(key, inner))
      .join('')}</${name}>`;
  }
  return `<${name}>${escape(String(value))}</${name}>`;
}

/** The XML of an EC2 error (the shape EC2 uses for every Query API error). */
export function errorXml(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escape(code)}</Code><Message>${escape(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}
