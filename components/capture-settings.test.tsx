// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { CaptureSettingsForm } from './capture-settings';
import { DEFAULT_CAPTURE_SETTINGS, type CaptureSettings } from '../lib/storage/items';

afterEach(cleanup);

function renderForm(onSave = vi.fn(async (_patch: Partial<CaptureSettings>) => undefined)) {
  render(<CaptureSettingsForm settings={DEFAULT_CAPTURE_SETTINGS} onSave={onSave} />);
  return onSave;
}

function change(label: RegExp, value: string) {
  const input = screen.getByLabelText(label) as HTMLInputElement;
  fireEvent.input(input, { target: { value } });
  fireEvent.change(input, { target: { value } });
  return input;
}

describe('CaptureSettingsForm', () => {
  it('has every setting a capture message mentions, with the stored values', () => {
    renderForm();
    expect((screen.getByLabelText(/Maximum duration/) as HTMLInputElement).value).toBe('60');
    expect((screen.getByLabelText(/Size cap/) as HTMLInputElement).value).toBe('1024');
    expect((screen.getByLabelText(/Duplicate window/) as HTMLInputElement).value).toBe('10');
    expect((screen.getByLabelText(/Scroll through the page/) as HTMLInputElement).checked).toBe(
      true,
    );
    expect((screen.getByLabelText(/full-page screenshot/) as HTMLInputElement).checked).toBe(true);
  });

  it('saves a valid change in the stored unit and says so', async () => {
    const onSave = renderForm();
    change(/Maximum duration/, '120');
    change(/Size cap/, '50');
    change(/Duplicate window/, '0');
    change(/Stop recording after idle minutes/, '45');
    fireEvent.click(screen.getByLabelText(/Scroll through the page/));
    fireEvent.change(screen.getByLabelText('Tabs opened from a recorded tab'), {
      target: { value: 'record' },
    });
    expect(onSave.mock.calls.map(([patch]) => patch)).toEqual([
      { maxDurationSec: 120 },
      { maxBodySize: 50 * 1024 * 1024 },
      { duplicateWindowMin: 0 },
      { recordIdleMin: 45 },
      { autoScroll: false },
      { openedTabs: 'record' },
    ]);
    await screen.findByText(/Saved/);
  });

  it.each(['0', '-5', '2.5', '', 'abc', '99999'])(
    'refuses %j for the maximum duration, explains the range and saves nothing',
    async (value) => {
      const onSave = renderForm();
      const input = change(/Maximum duration/, value);
      expect(onSave).not.toHaveBeenCalled();
      expect(input.getAttribute('aria-invalid')).toBe('true');
      expect(screen.getByRole('alert').textContent).toMatch(/whole number from 5 to 1800/);
    },
  );

  it('says so when saving fails', async () => {
    renderForm(
      vi.fn(async (_patch: Partial<CaptureSettings>) => {
        throw new Error('storage is full');
      }),
    );
    change(/Maximum duration/, '90');
    await waitFor(() => expect(screen.getByText(/Could not save the setting: storage is full/)));
  });
});
