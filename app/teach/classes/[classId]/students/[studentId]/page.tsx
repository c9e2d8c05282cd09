import type { Metadata } from 'next';
import { StudentPage } from '@/components/teach/StudentPage';
import { starterProjectFiles } from '@/lib/dbt/course-project.node';
import { LAB_MODEL_PATH } from '@/lib/workspace/types';

export const metadata: Metadata = { title: 'Student' };

export default async function Page({
  params,
}: {
  params: Promise<{ classId: string; studentId: string }>;
}) {
  const { classId, studentId } = await params;
  const starter = (await starterProjectFiles())[LAB_MODEL_PATH] ?? '';
  return <StudentPage classId={classId} studentId={studentId} starterModel={starter} />;
}
