import type { Metadata } from 'next';
import { ClassDashboard } from '@/components/teach/ClassDashboard';

export const metadata: Metadata = { title: 'Class dashboard' };

export default async function ClassPage({ params }: { params: Promise<{ classId: string }> }) {
  const { classId } = await params;
  return <ClassDashboard classId={classId} />;
}
