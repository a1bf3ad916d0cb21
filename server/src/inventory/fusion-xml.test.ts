import { existsSync, readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { summarizeGlpi } from '@fielddesk/common/inventory/summary';
import { fusionInventory, fusionProlog } from './agent-test-fixtures';
import { convertDate, decodeXmlText, FusionXmlError, fusionContentToGlpi, fusionRequestToGlpi, parseFusionXml } from './fusion-xml';

const SCHEMA_PATH = resolve(import.meta.dirname, '../../../../shared/fixtures/glpi-inventory/inventory.schema.json');

/** GLPI's schema from ../shared (never copied into the project), or null when absent. */
function glpiValidator(): ((doc: unknown) => string[]) | null {
  if (!existsSync(SCHEMA_PATH)) return null;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('ipv4', { type: 'string', validate: (s: string) => isIPv4(s) });
  ajv.addFormat('ipv6', { type: 'string', validate: (s: string) => isIPv6(s) });
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

describe('parseFusionXml', () => {
  it('reads a PROLOG: its query and device id', () => {
    const request = parseFusionXml(fusionProlog('pc-01-2024-06-01-10-00-00'));
    expect(request).toEqual({ query: 'PROLOG', deviceId: 'pc-01-2024-06-01-10-00-00', content: null });
  });

  it('takes a request without QUERY for an inventory (as GLPI does), and lowercase queries uppercased', () => {
    expect(parseFusionXml('<REQUEST><DEVICEID>d</DEVICEID><CONTENT><HARDWARE><NAME>x</NAME></HARDWARE></CONTENT></REQUEST>').query).toBe('INVENTORY');
    expect(parseFusionXml('<REQUEST><DEVICEID>d</DEVICEID><QUERY>prolog</QUERY></REQUEST>').query).toBe('PROLOG');
  });

  it('refuses XML that is not well-formed, saying in words what is wrong and where', () => {
    expect(() => parseFusionXml('<REQUEST><QUERY>PROLOG</QUERY>')).toThrow(FusionXmlError);
    expect(() => parseFusionXml('<REQUEST><QUERY>PROLOG</QUERY>')).toThrow(/^The XML ends at line 1 before <REQUEST> \(opened on line 1\) is closed: the inventory was cut off/);
    expect(() => parseFusionXml('<REQUEST><QUERY>PROLOG</QUERY><DEVICEID>x</REQUEST>')).toThrow(
      'The XML is not well-formed: </REQUEST> on line 1 does not close <DEVICEID>, which was opened on line 1 and must be closed first.',
    );
    expect(() => parseFusionXml('<REQUEST><NAME>AT&T</NAME></REQUEST>')).toThrow(/a bare "&" on line 1, column \d+; in XML text it must be written &amp;/);
    expect(() => parseFusionXml('<REQUEST></REQUEST><REQUEST></REQUEST>')).toThrow(/a second top-level element starts on line 1/);
    expect(() => parseFusionXml('<REQUEST></REQUEST>trailing')).toThrow(/text after the closing <\/REQUEST>/);
    expect(() => parseFusionXml('just text')).toThrow(/unexpected text "j" on line 1/);
  });

  it('says an inventory cut in half was cut off, naming the element left open and the lines', () => {
    const xml = fusionInventory();
    const lines = xml.split('\n');
    const half = lines.slice(0, Math.floor(lines.length / 2)).join('\n');
    let message = '';
    try {
      parseFusionXml(half);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`^The XML ends at line ${half.split('\n').length} before <REQUEST> \\(opened on line 2\\) is closed \\(still inside <[A-Z_]+>, opened on line \\d+\\): the inventory was cut off before it was complete\\. Send it again whole\\.$`));
    expect(message).not.toMatch(/Invalid '\[/);
    // Cut inside a tag.
    expect(() => parseFusionXml(xml.slice(0, xml.indexOf('<SOFTWARES>') + 5))).toThrow(/the inventory was cut off/);
  });

  it('refuses another root element and any DOCTYPE (no entity expansion)', () => {
    expect(() => parseFusionXml('<?xml version="1.0"?><ANSWER><A>1</A></ANSWER>')).toThrow(/root element is <ANSWER>, not <REQUEST>/);
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><REQUEST><DEVICEID>&lol2;</DEVICEID></REQUEST>';
    expect(() => parseFusionXml(bomb)).toThrow(/DOCTYPE is refused/);
  });

  it('refuses a DOCTYPE anywhere, also after a comment longer than any prefix a guard might read', () => {
    const late = `<?xml version="1.0"?><!--${'x'.repeat(100_000)}--><!DOCTYPE r [<!ENTITY e "${'A'.repeat(100)}">]><REQUEST><DEVICEID>${'&e;'.repeat(20_000)}</DEVICEID></REQUEST>`;
    expect(() => parseFusionXml(late)).toThrow(/DOCTYPE is refused/);
    expect(() => parseFusionXml(`<REQUEST><DEVICEID>d</DEVICEID></REQUEST>\n<!doctype r>`)).toThrow(/DOCTYPE is refused/);
    expect(() => parseFusionXml(`<REQUEST><DEVICEID>d</DEVICEID><!ENTITY e "x"></REQUEST>`)).toThrow(/DOCTYPE is refused/);
  });

  it('decodes XML\'s own entities and character references once, and expands nothing else', () => {
    const request = parseFusionXml('<REQUEST><DEVICEID>AT&amp;T &lt;x&gt; &quot;q&quot; &apos;a&apos; caf&#233; &#x263A; &amp;lt; &undeclared; &#0;</DEVICEID></REQUEST>');
    expect(request.deviceId).toBe('AT&T <x> "q" \'a\' café ☺ &lt; &undeclared; &#0;');
    expect(decodeXmlText('no entities')).toBe('no entities');
  });
});

describe('fusionRequestToGlpi', () => {
  const converted = fusionRequestToGlpi(parseFusionXml(fusionInventory()));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a loose document, read field by field below
  const content = converted.content as Record<string, any>;

  it('makes a GLPI inventory document: action, device id, item type, the ACCOUNTINFO tag', () => {
    expect(converted.action).toBe('inventory');
    expect(converted.deviceid).toBe('pc-fusion-01-2024-06-01-10-00-00');
    expect(converted.itemtype).toBe('Computer');
    expect(converted.tag).toBe('site-lyon');
    expect(content.accountinfo).toBeUndefined();
  });

  it('lowercases keys and makes list sections arrays even with one entry', () => {
    expect(Array.isArray(content.cpus)).toBe(true);
    expect(content.cpus).toHaveLength(1);
    expect(content.storages).toHaveLength(1);
    expect(content.memories).toHaveLength(2);
    expect(content.networks).toHaveLength(4);
    expect(content.softwares).toHaveLength(3);
    expect(content.hardware.name).toBe('pc-fusion-01');
    expect(content.local_groups).toEqual([{ id: '27', name: 'sudo', members: ['alice'] }]);
    expect(content.versionprovider.comments).toEqual(['Built by Debian']);
  });

  it('renames FusionInventory fields to GLPI names', () => {
    expect(content.networks[1].mac).toBe('8c:8c:aa:12:34:56');
    expect(content.networks[1].macaddr).toBeUndefined();
    expect(content.storages[0].serial).toBe('S660NX0T123456');
    expect(content.storages[0].serialnumber).toBeUndefined();
    expect(content.softwares[0].install_date).toBe('2023-04-02');
    expect(content.softwares[0].installdate).toBeUndefined();
  });

  it('types numbers and booleans where the schema wants them, and keeps other values as strings', () => {
    expect(content.hardware.memory).toBe(15731);
    expect(content.cpus[0]).toMatchObject({ core: 4, speed: 2600, thread: 2, familynumber: '6', arch: 'x86_64' });
    expect(content.storages[0].disksize).toBe(512110);
    expect(content.drives[0]).toMatchObject({ free: 180412, total: 467464 });
    expect(content.networks.map((n: { virtualdev: boolean }) => n.virtualdev)).toEqual([true, false, false, true]);
    expect(content.networks.map((n: { status: string }) => n.status)).toEqual(['up', 'up', 'up', 'down']);
    expect(content.memories[0].speed).toBe('3200');
  });

  it('reads dates: the BIOS date month first, software install dates day first', () => {
    expect(content.bios.bdate).toBe('2023-03-15');
    expect(content.operatingsystem.install_date).toBe('2023-04-02 14:21:07');
    expect(content.operatingsystem.timezone).toEqual({ name: 'CEST', offset: '+0200' });
  });

  it('drops what GLPI no longer reads, and decodes entities', () => {
    expect(content.hardware.checksum).toBeUndefined();
    expect(content.hardware.osname).toBeUndefined();
    expect(content.hardware.etime).toBeUndefined();
    expect(content.softwares[1].publisher).toBe('Mozilla & Debian');
  });

  it('summarizes as the GLPI Agent document of the same laptop would', () => {
    const summary = summarizeGlpi(converted);
    expect(summary).toMatchObject({
      itemtype: 'Computer',
      deviceId: 'pc-fusion-01-2024-06-01-10-00-00',
      name: 'pc-fusion-01',
      serial: '5CG1234XYZ',
      uuid: '4C4C4544-0042-3510-8052-B4C04F4E3732',
      manufacturer: 'HP',
      model: 'HP EliteBook 840 G8 Notebook PC',
      chassisType: 'Notebook',
      assetTag: 'AT-0042',
      memoryMb: 15731,
      os: { name: 'Debian GNU/Linux 12 (bookworm)', version: '12.5', kernel: '6.1.0-21-amd64', arch: 'x86_64', installDate: '2023-04-02 14:21:07' },
    });
    // The physical card only: loopback and docker0 are virtual.
    expect(summary.macs).toEqual(['8c:8c:aa:12:34:56']);
    expect(summary.cpus).toEqual([{ name: '11th Gen Intel(R) Core(TM) i5-1145G7 @ 2.60GHz', manufacturer: 'Intel', cores: 4, speedMhz: 2600 }]);
    expect(summary.disks).toEqual([{ name: 'nvme0n1', model: 'PM991a NVMe Samsung 512GB', serial: 'S660NX0T123456', sizeMb: 512110 }]);
    expect(summary.software.map((s) => `${s.name} ${s.version}`)).toEqual(['bash 5.2.15-2+b2', 'firefox-esr 115.11.0esr-1~deb12u1', 'tzdata 2024a-0+deb12u1']);
    const wifi = summary.networks.find((n) => n.mac === '8c:8c:aa:12:34:56');
    expect(wifi).toMatchObject({ ipv4: ['10.0.12.34'], ipv6: ['fe80::8e8c:aaff:fe12:3456'], virtual: false });
  });

  const validate = glpiValidator();
  it.skipIf(!validate)(`validates against GLPI's inventory.schema.json${validate ? '' : ` (skipped: ${SCHEMA_PATH} is absent — ../shared is not here)`}`, () => {
    expect(validate!(converted)).toEqual([]);
  });
  if (!validate) console.warn(`fusion-xml.test: schema validation skipped: ${SCHEMA_PATH} is absent (../shared is not here).`);

  it('refuses an INVENTORY without DEVICEID or without CONTENT', () => {
    expect(() => fusionRequestToGlpi(parseFusionXml('<REQUEST><QUERY>INVENTORY</QUERY><CONTENT><HARDWARE><NAME>x</NAME></HARDWARE></CONTENT></REQUEST>'))).toThrow(/no <DEVICEID>/);
    expect(() => fusionRequestToGlpi(parseFusionXml('<REQUEST><QUERY>INVENTORY</QUERY><DEVICEID>d</DEVICEID></REQUEST>'))).toThrow(/no <CONTENT>/);
  });

  it('does not modify its input', () => {
    const request = parseFusionXml(fusionInventory());
    const before = JSON.stringify(request.content);
    fusionContentToGlpi(request.content!);
    expect(JSON.stringify(request.content)).toBe(before);
  });
});

describe('convertDate', () => {
  it.each([
    ['02/04/2023', 'dateordatetime', 'dmy', '2023-04-02'],
    ['04/01/2014', 'dateordatetime', 'mdy', '2014-04-01'],
    ['25/12/2020', 'date', 'mdy', '2020-12-25'],
    ['2023-4-2', 'date', 'dmy', '2023-04-02'],
    ['2024-06-01 10:00', 'datetime', 'dmy', '2024-06-01 10:00:00'],
    ['2024-06-01', 'datetime', 'dmy', '2024-06-01 00:00:00'],
    ['2024-06-01 10:00:59', 'dateordatetime', 'dmy', '2024-06-01 10:00:59'],
    ['2024-13-01', 'date', 'dmy', undefined],
    ['31/31/2020', 'date', 'dmy', undefined],
    ['Tue May 20 00:00:00', 'datetime', 'dmy', undefined],
    ['', 'date', 'dmy', undefined],
  ] as const)('%s (%s, %s) -> %s', (input, kind, order, expected) => {
    expect(convertDate(input, kind, order)).toBe(expected);
  });
});
