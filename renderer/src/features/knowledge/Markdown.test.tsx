import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { Markdown, safeUrl } from './Markdown';

function renderMarkdown(text: string): HTMLElement {
  render(
    <MantineProvider>
      <Markdown>{text}</Markdown>
    </MantineProvider>,
  );
  return screen.getByTestId('markdown');
}

/** Anything that could run script or load something the author chose, after rendering. */
function dangerous(root: HTMLElement): string[] {
  const found: string[] = [];
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'form', 'style', 'svg', 'math', 'base', 'meta', 'link', 'input', 'button', 'textarea'].includes(tag) && !(tag === 'input' && el.getAttribute('type') === 'checkbox' && el.hasAttribute('disabled'))) {
      found.push(`<${tag}>`);
    }
    for (const attr of Array.from(el.attributes)) {
      if (/^on/i.test(attr.name)) found.push(`${tag}[${attr.name}]`);
      if (attr.name === 'style') found.push(`${tag}[style]`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcset'].includes(attr.name) && /^\s*(javascript|data|vbscript):/i.test(attr.value)) {
        found.push(`${tag}[${attr.name}=${attr.value}]`);
      }
    }
  }
  return found;
}

const HOSTILE: [name: string, markdown: string, shownAsText?: string][] = [
  ['script block', '<script>window.__pwned = 1</script>', '<script>window.__pwned = 1</script>'],
  ['inline script', 'Hello <script>alert(1)</script> world', '<script>'],
  ['img onerror', '<img src=x onerror="window.__pwned=1">', 'onerror'],
  ['svg onload', '<svg onload=alert(1)><circle r=5 /></svg>', '<svg onload=alert(1)>'],
  ['iframe', '<iframe src="https://evil.example"></iframe>', '<iframe'],
  ['javascript link', '[click me](javascript:alert(1))'],
  ['javascript link, mixed case and spaces', '[click](  JaVaScRiPt:alert(1))'],
  ['javascript link, entity-encoded', '[click](jav&#x61;script:alert(1))'],
  ['data: html link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['vbscript link', '[x](vbscript:msgbox(1))'],
  ['javascript image', '![x](javascript:alert(1))'],
  ['reference-style javascript link', '[x][evil]\n\n[evil]: javascript:alert(1)'],
  ['autolink javascript', '<javascript:alert(1)>'],
  ['html anchor with handler', '<a href="#" onclick="alert(1)">x</a>', 'onclick'],
  ['style tag', '<style>body{display:none}</style>', '<style>'],
  ['form', '<form action="https://evil.example"><button>Go</button></form>', '<form'],
  ['object/embed', '<object data="x.swf"></object><embed src="x.swf">', '<object'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">', '<meta'],
  ['html comment hiding script', '<!-- --><script>alert(1)</script><!-- -->', '<script>'],
  ['details ontoggle', '<details open ontoggle=alert(1)>x</details>', 'ontoggle'],
];

describe('Markdown', () => {
  it('renders GitHub-flavoured markdown: headings, emphasis, lists, code, tables, task lists, links', () => {
    const root = renderMarkdown(
      '# Clear a stuck print queue\n\n1. Open **Services**\n2. Restart `Print Spooler`\n\n| Step | Time |\n|---|---|\n| Restart | 1 min |\n\n- [x] done\n\nSee [the guide](https://example.org/guide).',
    );
    expect(root.querySelector('h1')?.textContent).toBe('Clear a stuck print queue');
    expect(root.querySelectorAll('ol li')).toHaveLength(2);
    expect(root.querySelector('strong')?.textContent).toBe('Services');
    expect(root.querySelector('code')?.textContent).toBe('Print Spooler');
    expect(root.querySelector('table td')?.textContent).toBe('Restart');
    const link = root.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://example.org/guide');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(link.getAttribute('target')).toBe('_blank');
  });

  it.each(HOSTILE)('never runs or keeps anything dangerous: %s', (_name, markdown, shownAsText) => {
    const root = renderMarkdown(markdown);
    expect(dangerous(root)).toEqual([]);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    if (shownAsText) expect(root.textContent).toContain(shownAsText);
  });

  it('filters URLs to http(s), mailto, anchors and relative paths', () => {
    expect(safeUrl('https://example.org')).toBe('https://example.org');
    expect(safeUrl('mailto:desk@example.org')).toBe('mailto:desk@example.org');
    expect(safeUrl('#steps')).toBe('#steps');
    expect(safeUrl('/kb/1')).toBe('/kb/1');
    expect(safeUrl('javascript:alert(1)')).toBe('');
    expect(safeUrl(' JAVASCRIPT:alert(1)')).toBe('');
    expect(safeUrl('data:text/html,x')).toBe('');
    expect(safeUrl('file:///etc/passwd')).toBe('');
  });
});
