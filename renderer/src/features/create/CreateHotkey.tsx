/** `n` or Alt+N from anywhere in the workspace opens Create New (mounted once, by WorkspaceView). */
import { useHotkeys } from '@mantine/hooks';
import { useLocation, useNavigate } from 'react-router';

export function CreateHotkey() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const open = () => {
    if (!pathname.startsWith('/new')) void navigate('/new');
  };
  // `n` only while no text box has the focus (it is a letter there).
  useHotkeys([['n', open]]);
  // Alt+N works in text boxes too. Physical key: on macOS Alt+N types "˜", which would not match "n".
  useHotkeys([['alt+n', open, { preventDefault: true, usePhysicalKeys: true }]], []);
  return null;
}
