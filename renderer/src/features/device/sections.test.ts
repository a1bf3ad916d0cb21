import { describe, expect, it } from 'vitest';
import { describeNote, deviceSections, networkCards } from './sections';
import { laptopInventory } from '../../../test/inventory';

describe('deviceSections', () => {
  const sections = deviceSections(laptopInventory().document);
  const byId = new Map(sections.map((s) => [s.id, s]));

  it('lists the sections in reading order, software apart', () => {
    expect(sections.map((s) => s.id)).toEqual(['hardware', 'cpus', 'memory', 'storage', 'network', 'os', 'batteries', 'graphics', 'usb', 'printers', 'users']);
  });

  it('reads hardware and BIOS as facts in people’s units', () => {
    const part = byId.get('hardware')!.parts[0]!;
    expect(part.kind).toBe('facts');
    const facts = part.kind === 'facts' ? Object.fromEntries(part.facts.map((f) => [f.label, f.value])) : {};
    expect(facts).toMatchObject({ Name: 'glpixps', Manufacturer: 'Dell Inc.', Model: 'XPS 13 9350', 'Serial number': '640HP72', Chassis: 'Laptop', Memory: '7.6 GB', BIOS: 'Dell Inc. 1.4.3 (2016-02-06)' });
  });

  it('folds network rows into cards, physical first, with the virtual flag', () => {
    const cards = networkCards(laptopInventory().document.content);
    expect(cards.map((c) => [c.name, c.virtual])).toEqual([
      ['wlp58s0', false],
      ['docker0', true],
      ['lo', true],
    ]);
    const part = byId.get('network')!.parts[0]!;
    expect(part.kind === 'table' && part.rows[0]).toEqual(['wlp58s0', '44:85:00:2b:90:bc', '192.168.1.119', 'fe80::92a4:26c6:99dd:2d60', 'up', 'physical']);
  });

  it('puts disks and volumes in one storage section, and battery health as a share', () => {
    expect(byId.get('storage')!.parts.map((p) => p.kind === 'table' && p.caption)).toEqual(['Disks', 'Volumes']);
    expect(byId.get('storage')!.count).toBe(2);
    const battery = byId.get('batteries')!.parts[0]!;
    expect(battery.kind === 'table' && battery.rows[0]).toContain('88%');
  });

  it('reads a lone object where a list is due, and leaves a section empty when absent', () => {
    const doc = { content: { cpus: { name: 'ARM Cortex-A72', core: '4' } } };
    const cpus = deviceSections(doc).find((s) => s.id === 'cpus')!;
    expect(cpus.count).toBe(1);
    const part = cpus.parts[0]!;
    expect(part.kind === 'table' && part.rows[0]![2]).toBe('4');
    expect(deviceSections(doc).find((s) => s.id === 'batteries')).toMatchObject({ count: 0, parts: [] });
  });
});

describe('small helpers', () => {
  it('says probe notes the way people read them', () => {
    expect(describeNote({ probe: 'batteries', message: 'timed out: no answer within 20000 ms' })).toBe('Batteries: no answer within 20000 ms');
    expect(describeNote({ probe: 'printers', message: 'failed: lpstat failed: not found' })).toBe('Printers: lpstat failed: not found');
  });
});
