/** App info from the platform (version, desktop or web, configured server address). */
import { useQuery } from '@tanstack/react-query';
import { usePlatform } from '../../app/platformContext';

export function useAppInfo() {
  const platform = usePlatform();
  return useQuery({ queryKey: ['app-info'], queryFn: () => platform.getAppInfo(), staleTime: Infinity, retry: false });
}
