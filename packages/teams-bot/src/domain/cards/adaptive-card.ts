/**
 * The Adaptive Card elements the bot uses (schema 1.5), typed, with their builders. Plain JSON, so no SDK type
 * leaks into the domain; the `adaptivecards` package describes its renderer's classes, not this JSON, and
 * predates `Action.Execute`.
 */

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  weight?: 'Bolder';
  size?: 'Medium';
  color?: 'Attention';
  isSubtle?: boolean;
  spacing?: 'None';
}

export interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
}

export interface Container {
  type: 'Container';
  separator?: boolean;
  items: CardElement[];
}

export interface Column {
  type: 'Column';
  width: 'stretch' | 'auto';
  verticalContentAlignment?: 'Center';
  items: CardElement[];
}

export interface ColumnSet {
  type: 'ColumnSet';
  separator?: boolean;
  columns: Column[];
}

export interface TextInput {
  type: 'Input.Text';
  id: string;
  label: string;
  placeholder?: string;
  isRequired: boolean;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: ExecuteAction[];
}

/** A button whose click reaches the bot as an invoke with `verb` and `data`. */
export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: object;
  style?: 'positive' | 'destructive';
}

export type CardElement = TextBlock | FactSet | Container | ColumnSet | TextInput | ActionSet;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: ExecuteAction[];
}

export function card(body: CardElement[], actions?: ExecuteAction[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions?.length ? { actions } : {}),
  };
}

export const heading = (text: string): TextBlock => ({
  type: 'TextBlock',
  text,
  weight: 'Bolder',
  size: 'Medium',
  wrap: true,
});

export const paragraph = (text: string, look: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock => ({
  type: 'TextBlock',
  text,
  wrap: true,
  ...look,
});

export const facts = (pairs: [string, string][]): FactSet => ({
  type: 'FactSet',
  facts: pairs.map(([title, value]) => ({ title, value })),
});

export const execute = (
  title: string,
  verb: string,
  data: object,
  style?: ExecuteAction['style'],
): ExecuteAction => ({
  type: 'Action.Execute',
  title,
  verb,
  data,
  ...(style ? { style } : {}),
});
