/**
 * The one way FieldDesk renders markdown (knowledge articles, and any other text a screen
 * wants formatted): react-markdown with GitHub-flavoured markdown, never raw HTML.
 *
 * Article bodies are written by people and may quote requester text, so every layer assumes
 * hostile input:
 * - raw HTML in the markdown is turned into plain text before anything else sees it
 *   (`<script>` shows as the characters "<script>"); nothing is ever set as innerHTML;
 * - rehype-sanitize (GitHub's allow-list) then removes any element or attribute outside the
 *   list: event handlers, style, iframes, forms;
 * - react-markdown's URL filter and the sanitizer's protocol list keep only http(s), mailto
 *   and relative links and images (no javascript:, data: or vbscript: URLs);
 * - links open outside the app (new window, no referrer, no opener); the desktop app hands
 *   http(s) links to the system browser and refuses everything else (main/security).
 */
import type { ReactNode } from 'react';
import { Anchor, Table, Typography } from '@mantine/core';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import type { Plugin } from 'unified';
import type { Root as MdastRoot, RootContent } from 'mdast';

/** A remark plugin: every raw HTML node (block or inline) becomes a text node with the same characters. */
const htmlAsText: Plugin<[], MdastRoot> = () => (tree) => {
  const walk = (node: MdastRoot | RootContent) => {
    if (!('children' in node)) return;
    node.children = node.children.map((child) => (child.type === 'html' ? { type: 'text', value: child.value } : child)) as typeof node.children;
    for (const child of node.children) walk(child);
  };
  walk(tree);
};

/** GitHub's schema, minus the id/name clobbering prefixes we do not need, with checkboxes kept read-only. */
const SCHEMA = {
  ...defaultSchema,
  protocols: { href: ['http', 'https', 'mailto'], src: ['http', 'https'] },
};

const SAFE_URL = /^(https?:|mailto:|#|\/|\.{0,2}\/|[^:]*$)/i;

/** Keeps http(s), mailto, anchors and relative URLs; anything else (javascript:, data:, vbscript:…) becomes ''. */
export function safeUrl(url: string): string {
  const trimmed = url.trim();
  return SAFE_URL.test(trimmed) ? trimmed : '';
}

const COMPONENTS: Components = {
  a: ({ href, children }) =>
    href ? (
      <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </Anchor>
    ) : (
      <span>{children}</span>
    ),
  table: ({ children }) => (
    <Table withTableBorder withColumnBorders striped>
      {children as ReactNode}
    </Table>
  ),
};

export function Markdown({ children, testId = 'markdown' }: { children: string; testId?: string }) {
  return (
    <Typography data-testid={testId}>
      <ReactMarkdown remarkPlugins={[remarkGfm, htmlAsText]} rehypePlugins={[[rehypeSanitize, SCHEMA]]} urlTransform={safeUrl} skipHtml={false} components={COMPONENTS}>
        {children}
      </ReactMarkdown>
    </Typography>
  );
}
