/** A text field's value; a field that is missing, or holds a file, reads as empty. */
export const formText = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};
