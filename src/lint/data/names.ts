/**
 * Common first names, for PM402/PM405 when a name is not in the people fields. Names that are also
 * ordinary words or technology names (Will, May, Mark, Max, Ruby, Julia, Jenkins, Grace) are left out
 * on purpose: precision over recall.
 */
const NAMES = `Aaron Abigail Adam Adrian Ahmed Aisha Alan Albert Alejandro Alex Alexander Alexandra Alexis Alice Alicia Alison Amanda Amir Amy Ana Andrea Andrew Andy Angela Anna
Anne Anthony Antonio Arjun Ashley Barbara Ben Benjamin Beth Betty Bob Bobby Brandon Brenda Brian Bruce Carl Carla Carlos Carol Caroline Catherine Charles Charlie Chen Chris Christina
Christine Christopher Claire Craig Cynthia Daniel Danielle Dave David Deborah Debra Dennis Diana Diego Dmitri Donald Donna Dorothy Douglas Dylan Ed Eduardo Edward Elena Elizabeth Ella
Emily Emma Eric Erik Ethan Eugene Eva Fatima Fernando Gabriel Gary George Gerald Gloria Greg Gregory Hannah Hans Harold Harry Heather Helen Henry Hiroshi Ian Igor Ivan Jack
Jacob James Jamie Jane Janet Jason Javier Jeff Jeffrey Jennifer Jeremy Jerry Jessica Jim Joan Joe John Jonathan Jordan Jose Joseph Joshua Joyce Juan Judith Julie Justin Karen Kate
Katherine Kathleen Kathryn Kelly Ken Kenji Kenneth Kevin Kim Kyle Larry Laura Lauren Lee Leo Linda Lisa Luis Luke Maria Marie Marilyn Marco Martin Mary Matt Matthew Megan Melissa
Michael Michelle Miguel Mike Mohammed Mohammad Nancy Natalie Nathan Nicholas Nicole Nina Noah Olga Oliver Olivia Omar Pablo Pamela Patricia Patrick Paul Pedro Peter Philip Priya
Rachel Rahul Raj Ralph Randy Raymond Rebecca Richard Rick Robert Roger Ronald Roy Russell Ryan Sam Samantha Samuel Sandra Sara Sarah Scott Sean Sergei Sharon Shirley Simon
Sofia Sophia Stephanie Stephen Steve Steven Susan Tanya Teresa Terry Thomas Tim Timothy Tina Tom Tony Tyler Victor Vincent Virginia Walter Wayne Wei William Yuki Zachary Zoe`;

export const COMMON_FIRST_NAMES: ReadonlySet<string> = new Set(NAMES.split(/\s+/).filter(Boolean));
