import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LessonView } from '@/components/lesson/LessonView';
import { loadLesson, loadLessons } from '@/lib/content/lessons.node';

// Every lesson is generated at build time from content/lessons/*.mdx; other slugs are 404s.
export async function generateStaticParams() {
  return (await loadLessons()).map((lesson) => ({ slug: lesson.meta.slug }));
}

export const dynamicParams = false;

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const lesson = await loadLesson((await params).slug);
  return lesson ? { title: lesson.meta.title, description: lesson.meta.description } : {};
}

export default async function LessonPage({ params }: Props) {
  const lesson = await loadLesson((await params).slug);
  if (!lesson) notFound();
  return <LessonView lesson={lesson} />;
}
